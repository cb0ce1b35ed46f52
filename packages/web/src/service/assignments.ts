// Assignments across needs. The api lists assignments per need (a member sees only their own), so
// this reads the needs page and each need's assignments: a bounded fan-out of at most
// `needsScannedMax` requests, run a few at a time.
import { api, withQuery } from '../api.js';
import type { AssignmentStatus, AssignmentView, NeedView, PageOf } from '@linli/contract';

/** Needs read per scan; the oldest beyond it are not shown (the page says how many were read). */
export const needsScannedMax = 100;
const parallelRequests = 4;

export interface NeedAssignment {
  need: NeedView;
  assignment: AssignmentView;
}

export async function assignmentsWithStatus(statuses: readonly AssignmentStatus[], signal: AbortSignal): Promise<NeedAssignment[]> {
  const needs = await api<PageOf<NeedView>>(withQuery('/api/v1/needs', { limit: String(needsScannedMax) }), { signal });
  const found: NeedAssignment[] = [];
  const queue = [...needs.items];
  const worker = async (): Promise<void> => {
    for (let need = queue.shift(); need !== undefined; need = queue.shift()) {
      const detail = await api<{ need: NeedView; assignments: AssignmentView[] }>(`/api/v1/needs/${encodeURIComponent(need.id)}`, {
        signal,
      });
      for (const assignment of detail.assignments) if (statuses.includes(assignment.status)) found.push({ need: detail.need, assignment });
    }
  };
  await Promise.all(Array.from({ length: parallelRequests }, worker));
  return found.sort((a, b) => a.need.window.start.localeCompare(b.need.window.start) || a.assignment.id.localeCompare(b.assignment.id));
}
