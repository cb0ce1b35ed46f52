// What the service keeps on `response.locals` during a request, typed once for every module.
import type { Principal } from './auth/roles.js';
import type { Pseudonyms } from './crypto/pseudonyms.js';

declare global {
  // Express declares `Locals` in this namespace; merging into it is the typed way to extend it.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      requestId: string;
      principal?: Principal;
      /** What the session check read with the principal: the user must change their password first. */
      mustChangePassword?: boolean;
      /** Set for every request (app.ts): answers to auditors carry pseudonyms (privacy/auditor-view.ts). */
      pseudonyms?: Pseudonyms;
      /** The code of the problem answered, for the rejections metric (operations/metrics.ts). */
      problemCode?: string;
    }
  }
}
