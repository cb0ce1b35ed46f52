// The roles a user can have; each route names the roles that may call it.

/** The roles inside one community: an admin creates accounts with these. */
export const communityRoles = ['member', 'staff', 'coordinator', 'auditor', 'admin'] as const;
export type CommunityRole = (typeof communityRoles)[number];

/**
 * Every role. `platform_admin` (a street office or a district) sits above the communities: its
 * users belong to the platform (`platformCommunity`), create communities and their admins, and
 * reach no community's own data (no community route lists the role).
 */
export const roles = [...communityRoles, 'platform_admin'] as const;
export type Role = (typeof roles)[number];
