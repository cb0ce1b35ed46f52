// Request and response schemas of the service need, assignment, volunteer and record routes.
import { z } from 'zod';
import type { Role } from './roles.js';
import { tag, tags, text, timestamp, userId } from './values.js';

/** The parts of a proposal's cost and the rules that exclude a volunteer (`costPartNames` and `exclusionRules` of @linli/matching; a test in the api keeps them equal). */
export const costPartNames = ['distance', 'skillFit', 'continuity', 'urgency', 'load'] as const;
export const exclusionRules = ['skill', 'distance', 'certificate', 'language', 'availability', 'conflict', 'weeklyCap'] as const;

/** Where an assignment stands, from proposal to approval. */
export const assignmentStatuses = [
  'proposed',
  'accepted',
  'declined',
  'checked_in',
  'checked_out',
  'approved',
  'cancelled',
  'no_show',
] as const;
export type AssignmentStatus = (typeof assignmentStatuses)[number];

/** Assignments approved by one request, at most. */
export const approvalsPerRequestMax = 50;

export const needWriters = ['member', 'coordinator', 'admin'] as const satisfies readonly Role[];
export const needReaders = ['member', 'coordinator', 'admin', 'auditor'] as const satisfies readonly Role[];
export const serviceManagers = ['coordinator', 'admin'] as const satisfies readonly Role[];

export const needId = z.string().regex(/^need-[0-9a-f]{16}$/, 'a need id such as need-0123456789abcdef');
export const assignmentId = z.string().regex(/^as-[0-9a-f]{16}$/, 'an assignment id such as as-0123456789abcdef');
/** Hours per slot or approved: a positive decimal with at most 2 places, below 100. */
export const hours = z.string().regex(/^(0|[1-9][0-9]?)(\.[0-9]{1,2})?$/, 'hours such as "2.00" (at most 2 decimals, below 100)');
export const gridCell = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[^\u0000-\u001F\u007F]+$/, 'no control characters');
/** Metres east and north on the city plane; stored rounded to 100 m. */
export const place = z.strictObject({
  eastM: z.number().int().min(-1_000_000).max(1_000_000),
  northM: z.number().int().min(-1_000_000).max(1_000_000),
});
const localDate = z.iso.date();

export const needCreateBody = z.strictObject({
  title: text(200),
  requester: userId.optional().describe('the member served (coordinators); a member is always their own requester'),
  payer: z.enum(['requester', 'pool']).describe('who pays the hours: the requester’s hour account or the community’s hour pool'),
  skills: tags.max(8).default([]),
  certificates: z.array(text(64)).max(8).default([]),
  languages: tags.default([]),
  gridCell,
  place,
  address: text(300).optional().describe('the exact address: sealed, shown only to coordinators, the requester and confirmed volunteers'),
  window: z.strictObject({ start: z.iso.datetime({ offset: true }), end: z.iso.datetime({ offset: true }) }),
  slots: z.number().int().min(1).max(50),
  hoursPerSlot: hours,
  urgency: z.number().int().min(1).max(5),
});

export const needView = z.strictObject({
  id: needId,
  title: z.string(),
  requester: z.string().nullable(),
  payer: z.enum(['requester', 'pool']),
  skills: z.array(z.string()),
  certificates: z.array(z.string()),
  languages: z.array(z.string()),
  gridCell: z.string(),
  place,
  address: z.string().nullable(),
  window: z.strictObject({ start: timestamp, end: timestamp }),
  slots: z.number().int(),
  confirmedSlots: z.number().int(),
  hoursPerSlot: z.string(),
  urgency: z.number().int(),
  status: z.enum(['open', 'closed', 'cancelled']),
  createdBy: z.string(),
  createdAt: timestamp,
});

export const costParts = z.strictObject(
  Object.fromEntries(costPartNames.map((name) => [name, z.number().int()])) as Record<(typeof costPartNames)[number], z.ZodNumber>,
);

export const assignmentView = z.strictObject({
  id: assignmentId,
  need: needId,
  slot: z.number().int().nullable(),
  volunteer: z.string(),
  status: z.enum(assignmentStatuses),
  cost: z.number().int(),
  costParts: z.record(z.string(), z.number()),
  distanceM: z.number().int(),
  hold: z.string().nullable(),
  heldHours: z.string().nullable(),
  checkedInAt: timestamp.nullable(),
  checkedOutAt: timestamp.nullable(),
  approvedHours: z.string().nullable(),
  transaction: z.string().nullable(),
  updatedAt: timestamp,
});

export const proposalView = z.strictObject({
  assignment: assignmentId,
  need: needId,
  volunteer: z.string(),
  gridCell: z.string(),
  distanceM: z.number().int().describe('rounded to 100 m'),
  window: z.strictObject({ start: timestamp, end: timestamp }),
  hoursPerSlot: z.string(),
  cost: z.number().int(),
  costParts,
});

export const exclusionView = z.strictObject({
  need: needId,
  volunteer: z.string(),
  rule: z.enum(exclusionRules).describe('the first eligibility rule the pair fails'),
  detail: z.string(),
});
export const exclusionCounts = z.strictObject(
  Object.fromEntries(exclusionRules.map((rule) => [rule, z.number().int()])) as Record<(typeof exclusionRules)[number], z.ZodNumber>,
);

const volunteerCertificates = z.array(z.strictObject({ name: text(64), expiresOn: localDate })).max(32);

export const volunteerProfileBody = z.strictObject({
  skills: z.array(z.strictObject({ skill: tag, level: z.union([z.literal(1), z.literal(2), z.literal(3)]) })).max(32),
  certificates: volunteerCertificates.default([]),
  gridCell,
  place,
  travelRadiusM: z.number().int().min(0).max(5_000),
  weeklyAvailability: z
    .array(
      z.strictObject({
        weekday: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(6), z.literal(7)]),
        startMinute: z.number().int().min(0).max(1439),
        endMinute: z.number().int().min(1).max(1440),
      }),
    )
    .max(64)
    .refine((entries) => entries.every((entry) => entry.startMinute < entry.endMinute), 'each stretch ends after it starts'),
  weeklyHourCap: hours,
});

/** A stored profile: what the PUT takes (the place as stored, rounded to 100 m), and when it was last set. */
export const volunteerProfileView = volunteerProfileBody.extend({ certificates: volunteerCertificates, updatedAt: timestamp });

export const serviceRecordView = z.strictObject({
  id: assignmentId,
  need: needId,
  service: z.string(),
  volunteer: z.string(),
  volunteerName: z.string(),
  date: localDate,
  hours: z.string(),
  transaction: z.string(),
  approvedAt: timestamp,
});

export const certificateView = serviceRecordView.extend({
  organisation: z.string(),
  community: z.string(),
  verificationCode: z.string().describe('the ledger transaction’s chain hash'),
  starLevel: z.number().int().min(0).max(5),
  hoursServedTotal: z.string(),
});
