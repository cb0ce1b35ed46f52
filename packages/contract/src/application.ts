// Applications to join a community: what a resident sends, what they and the coordinators see.
import { z } from 'zod';
import { userView } from './common.js';
import { privacyNoticeVersion } from './privacy-notice.js';
import { communityCode, displayName, phone, tags, text, timestamp, usernameNew, userId } from './values.js';

/** Applications in one page of the list, at most. */
export const applicationsPageMax = 50;

export const applicationStatuses = ['pending', 'accepted', 'declined'] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];

export const applicationReference = z
  .string()
  .length(13)
  .regex(/^ap-[0-9a-hjkmnp-tv-z]{10}$/, 'an application reference such as ap-7q3k9x2m4b');
export const applicationSecret = z
  .string()
  .length(24)
  .regex(/^[A-Za-z0-9_-]{24}$/, 'the secret given when applying');
export const applicationStatus = z.enum(applicationStatuses);

export const applicationCreateBody = z.strictObject({
  community: communityCode,
  name: displayName,
  phone,
  skills: tags.describe('what the applicant can offer, e.g. cooking, repairs'),
  consent: z.literal(true).describe('the applicant consents to the privacy notice'),
  consentNotice: z.literal(privacyNoticeVersion).describe('the version of the privacy notice shown'),
});

export const applicationReceipt = z.strictObject({
  community: z.string(),
  reference: z.string(),
  secret: z.string().describe('shown once: with the reference it opens the status page'),
  status: applicationStatus,
});

export const applicationStatusView = z.strictObject({
  community: z.string(),
  reference: z.string(),
  status: applicationStatus,
  createdAt: timestamp,
  decidedAt: timestamp.nullable(),
  declineReason: z.string().nullable(),
  login: z
    .strictObject({
      community: z.string(),
      username: z.string(),
      oneTimePassword: z.string().nullable().describe('until the applicant has changed it at first login'),
    })
    .nullable()
    .describe('accepted: how to log in'),
});

export const applicationView = z.strictObject({
  id: z.string(),
  status: applicationStatus,
  name: z.string(),
  phone: z.string(),
  skills: z.array(z.string()),
  consentNotice: z.string(),
  consentedAt: timestamp,
  createdAt: timestamp,
  decidedAt: timestamp.nullable(),
  declineReason: z.string().nullable(),
  userId: z.string().nullable(),
});

export const applicationAcceptBody = z.union([
  z.strictObject({ username: usernameNew.describe('a new member account for the applicant') }),
  z.strictObject({ userId: userId.describe('an existing member the applicant is') }),
]);

export const applicationAcceptance = z.strictObject({
  application: applicationView,
  user: userView.pick({ id: true, username: true }),
  oneTimePassword: z.string().nullable().describe("the new account's one-time password (null when linked)"),
});

export const applicationDeclineBody = z.strictObject({ reason: text(500).describe('what the applicant reads on the status page') });
