// Community charity funds (社区慈善基金): cash donations into a restricted fund, grants and spending out of it.
import type { TransactionInput } from '../transaction.js';
import { accountIds } from './accounts.js';
import { negate } from './time-bank.js';

export function cashDonation(donation: {
  community: string;
  id: string;
  actor: string;
  fund: string;
  amount: string;
  donor: string;
  method: 'cash' | 'bank_transfer' | 'wechat_pay' | 'alipay';
  memo?: string;
  effectiveAt?: string;
}): TransactionInput {
  return {
    community: donation.community,
    id: donation.id,
    kind: 'cash_donation',
    actor: donation.actor,
    memo: donation.memo,
    effectiveAt: donation.effectiveAt,
    metadata: { donor: donation.donor, method: donation.method },
    postings: [
      { account: accountIds.fund(donation.fund), unit: 'CNY', amount: donation.amount },
      { account: accountIds.cashIncome(donation.fund), unit: 'CNY', amount: negate(donation.amount) },
    ],
  };
}

/** Money leaves a restricted fund only for a project of that fund; the fund's lower limit (0) stops overspending. */
export function fundSpending(spending: {
  community: string;
  id: string;
  actor: string;
  fund: string;
  project: string;
  amount: string;
  kind: 'fund_grant' | 'fund_spending';
  memo?: string;
}): TransactionInput {
  return {
    community: spending.community,
    id: spending.id,
    kind: spending.kind,
    actor: spending.actor,
    memo: spending.memo,
    metadata: { project: spending.project },
    postings: [
      { account: accountIds.fund(spending.fund), unit: 'CNY', amount: negate(spending.amount) },
      { account: accountIds.projectSpending(spending.fund, spending.project), unit: 'CNY', amount: spending.amount },
    ],
  };
}
