// Every route of the service, in the order they are mounted and documented.
import type { Route } from '../routing.js';
import { auditLogList } from './audit-log-list.js';
import { authLogin } from './auth-login.js';
import { authLogout } from './auth-logout.js';
import { authRefresh } from './auth-refresh.js';
import { healthLive } from './health-live.js';
import { healthReady } from './health-ready.js';
import { householdsCreate } from './households-create.js';
import { householdsGet } from './households-get.js';
import { householdsList } from './households-list.js';
import { householdsUpdate } from './households-update.js';
import { meGet } from './me-get.js';
import { mePasswordChange } from './me-password-change.js';
import { membersCreate } from './members-create.js';
import { membersGet } from './members-get.js';
import { membersList } from './members-list.js';
import { membersUpdate } from './members-update.js';
import { usersCreate } from './users-create.js';
import { usersList } from './users-list.js';
import { usersUpdate } from './users-update.js';
import { ledgerRoutes } from './ledger-routes.js';
import { supermarketRoutes } from './supermarket-routes.js';
import { serviceRoutes } from './service-routes.js';
import { platformRoutes } from './platform-routes.js';
import { applicationRoutes } from './application-routes.js';

export const allRoutes: readonly Route[] = [
  healthLive,
  healthReady,
  authLogin,
  authRefresh,
  authLogout,
  meGet,
  mePasswordChange,
  usersList,
  usersCreate,
  usersUpdate,
  membersList,
  membersCreate,
  membersGet,
  membersUpdate,
  householdsList,
  householdsCreate,
  householdsGet,
  householdsUpdate,
  auditLogList,
  ...ledgerRoutes,
  ...supermarketRoutes,
  ...serviceRoutes,
  ...platformRoutes,
  ...applicationRoutes,
];
