// Love points (爱心积分): issued to eligible households, spent on goods (see supermarket.ts).
import type { TransactionInput } from '../transaction.js';
import { accountIds } from './accounts.js';
import { negate } from './time-bank.js';

export function pointsIssue(issue: {
  community: string;
  id: string;
  actor: string;
  household: string;
  points: string;
  reason: string;
  memo?: string;
}): TransactionInput {
  return {
    community: issue.community,
    id: issue.id,
    kind: 'points_issue',
    actor: issue.actor,
    memo: issue.memo,
    metadata: { household: issue.household, reason: issue.reason },
    postings: [
      { account: accountIds.pointIssuance, unit: 'POINT', amount: negate(issue.points) },
      { account: accountIds.householdPoints(issue.household), unit: 'POINT', amount: issue.points },
    ],
  };
}
