// Where each role starts after logging in.
import type { Role } from './session.js';

export function roleHome(role: Role): string {
  switch (role) {
    case 'member':
      return '/volunteer';
    case 'staff':
      return '/staff/intake';
    case 'coordinator':
      return '/coordinator/approvals';
    case 'auditor':
      return '/auditor/trial-balance';
    case 'admin':
      return '/admin/users';
    case 'platform_admin':
      return '/platform/communities';
  }
}
