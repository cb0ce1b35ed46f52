// The platform's routes (communities and their admins) and the admins' password resets.
import type { Route } from '../routing.js';
import { platformAdminsList } from './platform-admins-list.js';
import { platformAdminsPasswordReset } from './platform-admins-password-reset.js';
import { platformCommunitiesCreate } from './platform-communities-create.js';
import { platformCommunitiesList } from './platform-communities-list.js';
import { usersPasswordReset } from './users-password-reset.js';

export const platformRoutes: readonly Route[] = [
  usersPasswordReset,
  platformCommunitiesList,
  platformCommunitiesCreate,
  platformAdminsList,
  platformAdminsPasswordReset,
];
