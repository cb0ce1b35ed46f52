// The routes of applications to join a community: the public form and status, the coordinators' decisions.
import type { Route } from '../routing.js';
import { applicationsAccept } from './applications-accept.js';
import { applicationsCreate } from './applications-create.js';
import { applicationsDecline } from './applications-decline.js';
import { applicationsList } from './applications-list.js';
import { applicationsStatusGet } from './applications-status-get.js';

export const applicationRoutes: readonly Route[] = [
  applicationsCreate,
  applicationsStatusGet,
  applicationsList,
  applicationsAccept,
  applicationsDecline,
];
