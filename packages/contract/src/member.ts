// The member view as routes send it.
import { z } from 'zod';
import { timestamp } from './values.js';

export const memberView = z.strictObject({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  isDemo: z.boolean(),
  disabled: z.boolean(),
  createdAt: timestamp,
  phone: z.string().nullable(),
  languages: z.array(z.string()),
  skills: z.array(z.string()),
});
