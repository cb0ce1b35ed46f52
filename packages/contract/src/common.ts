// Response schemas used by more than one route (and, through OpenAPI, by the web client).
import { z } from 'zod';
import { problemCodes } from './problem-codes.js';
import { communityRoles, roles } from './roles.js';
import { timestamp } from './values.js';

export const refreshTokenLengthMax = 200;

/** Any role, as answers name it. */
export const roleSchema = z.enum(roles);
/** A role inside a community, as an admin gives it: nobody makes a platform admin through a community. */
export const communityRoleSchema = z.enum(communityRoles);

export const userView = z.strictObject({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  isDemo: z.boolean(),
  disabled: z.boolean(),
  createdAt: timestamp,
});

export const sessionView = z.strictObject({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().describe('seconds until the access token expires'),
  refreshToken: z.string(),
  refreshTokenExpiresAt: timestamp,
  user: z.strictObject({ id: z.string(), username: z.string(), displayName: z.string(), role: roleSchema, community: z.string() }),
});

/** A page of a list: the items and, when there may be more, the cursor for the next page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.strictObject({
    items: z.array(item),
    next: z.string().nullable().describe('pass as `after` for the next page; null on the last page'),
  });
}

/** One problem with one field of a request, in a validation failure (a problem's `errors`). */
export const fieldProblemSchema = z.strictObject({
  in: z.enum(['body', 'query', 'params', 'header']),
  pointer: z.string(),
  detail: z.string(),
  code: z
    .string()
    .optional()
    .describe('a stable code for the problem, where the field has them (a CSV file: quote_not_closed, encoding_unknown, …)'),
  line: z.number().int().optional().describe('for a field holding a file: its line, from 1'),
});

export type FieldProblem = z.output<typeof fieldProblemSchema>;

/** The RFC 9457 problem body every error response has. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  code: z.enum(problemCodes).describe('stable snake_case code; see CONTEXT.md'),
  requestId: z.string(),
  errors: z.array(fieldProblemSchema).optional(),
});

export type ProblemView = z.output<typeof problemSchema>;
