// Who is signed in: their role and community (session.ts keeps them; offline/ files data by them).
export const roles = ['member', 'staff', 'coordinator', 'auditor', 'admin', 'platform_admin'] as const;
/** The roles an admin gives inside a community (a platform admin is made by the platform). */
export const communityRoles = ['member', 'staff', 'coordinator', 'auditor', 'admin'] as const;
export type Role = (typeof roles)[number];

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  community: string;
}
