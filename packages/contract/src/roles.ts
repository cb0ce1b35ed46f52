// The roles a user can have; each route names the roles that may call it.
export const roles = ['member', 'staff', 'coordinator', 'auditor', 'admin'] as const;
export type Role = (typeof roles)[number];
