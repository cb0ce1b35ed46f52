// The service routes, mounted after the service's own (see index.ts): needs, matching, the
// assignment lifecycle, volunteer profiles and service records.
import type { Route } from '../routing.js';
import { assignmentsAccept } from './assignments-accept.js';
import { assignmentsApproveMany } from './assignments-approve-many.js';
import { assignmentsApprove } from './assignments-approve.js';
import { assignmentsCancel } from './assignments-cancel.js';
import { assignmentsCheckIn } from './assignments-check-in.js';
import { assignmentsCheckOut } from './assignments-check-out.js';
import { assignmentsDecline } from './assignments-decline.js';
import { assignmentsNoShow } from './assignments-no-show.js';
import { meNotificationsAccept } from './me-notifications-accept.js';
import { meNotificationsGet } from './me-notifications-get.js';
import { needsCreate } from './needs-create.js';
import { needsGet } from './needs-get.js';
import { needsList } from './needs-list.js';
import { needsMatch } from './needs-match.js';
import { meNeedsNearbyGet } from './needs-nearby-get.js';
import { needsUrgent } from './needs-urgent.js';
import { serviceRecordsCertificateGet } from './service-records-certificate.js';
import { serviceRecordsList } from './service-records-list.js';
import { volunteersProfileGet } from './volunteers-profile-get.js';
import { volunteersProfilePut } from './volunteers-profile-put.js';

export const serviceRoutes: readonly Route[] = [
  needsCreate,
  needsList,
  needsGet,
  needsMatch,
  needsUrgent,
  meNeedsNearbyGet,
  meNotificationsGet,
  meNotificationsAccept,
  assignmentsApproveMany,
  assignmentsAccept,
  assignmentsDecline,
  assignmentsCheckIn,
  assignmentsCheckOut,
  assignmentsApprove,
  assignmentsCancel,
  assignmentsNoShow,
  volunteersProfilePut,
  volunteersProfileGet,
  serviceRecordsList,
  serviceRecordsCertificateGet,
];
