// Members' names by id, for showing volunteers by name in coordinators' lists (first page only).
import { api } from '../api.js';
import type { MemberView, PageOf } from '@linli/contract';

export async function memberNames(signal: AbortSignal): Promise<Map<string, string>> {
  const page = await api<PageOf<MemberView>>('/api/v1/members?limit=100', { signal });
  return new Map(page.items.map((member) => [member.id, member.displayName]));
}
