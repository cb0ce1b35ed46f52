// Community charity funds: creating a restricted fund with its projects, grants and spending out
// of it, and the list with balances.
import { books, normalizeAmount, type Transaction } from '@linli/ledger';
import { recordAudit } from '../audit/audit-log.js';
import type { Principal } from '../auth/roles.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../http-errors.js';
import { openFund, openProject } from './community-books.js';
import { derivedId, requireFund } from './supermarket-support.js';
import { projectsPerFundMax } from '@linli/contract';
import type { FundView } from '@linli/contract';

// The answers' shapes are the contract's, inferred from the schemas the routes answer with.
export type { FundView } from '@linli/contract';

export { projectsPerFundMax };

const { fundSpending, accountIds } = books;

export interface FundInput {
  code: string;
  name: string;
  projects: { code: string; name: string }[];
}

/**
 * Opens a restricted fund and its projects' spending accounts. The same fund again adds
 * projects it lacks; another name for an existing code is `already_exists`.
 */
export async function createFund(deps: Deps, actor: Principal, input: FundInput): Promise<FundView> {
  const community = actor.community;
  const existing = await deps
    .knex('funds')
    .select('name')
    .where({ community_id: community, code: input.code })
    .first<{ name: string } | undefined>();
  if (existing !== undefined && existing.name !== input.name) throw new ApiError('already_exists', { detail: `fund ${input.code} exists` });
  const known = (await deps.knex('fund_projects').select('code').where({ community_id: community, fund_code: input.code })) as {
    code: string;
  }[];
  if (new Set([...known.map((project) => project.code), ...input.projects.map((project) => project.code)]).size > projectsPerFundMax) {
    throw new ApiError('limit_reached', { detail: `a fund has at most ${projectsPerFundMax} projects` });
  }
  // The ledger first (each open is idempotent), then the rows: a crash in between is redone.
  await openFund(deps.ledger, community, input.code, input.name);
  for (const project of input.projects) await openProject(deps.ledger, community, input.code, project.code, project.name);
  await deps.knex.transaction(async (trx) => {
    await trx('funds')
      .insert({ community_id: community, code: input.code, name: input.name, created_by: actor.userId })
      .onConflict(['community_id', 'code'])
      .ignore();
    for (const project of input.projects) {
      await trx('fund_projects')
        .insert({ community_id: community, fund_code: input.code, code: project.code, name: project.name })
        .onConflict(['community_id', 'fund_code', 'code'])
        .ignore();
    }
    await recordAudit(
      trx,
      {
        community,
        actor: actor.userId,
        action: 'fund.created',
        target: `fund:${input.code}`,
        details: { projects: input.projects.map((project) => project.code) },
      },
      deps.now(),
    );
  });
  return fundView(deps, community, { code: input.code, name: input.name });
}

/**
 * A grant or spending out of the fund for one of its projects. Rejections: `not_found` (fund or
 * project), the ledger's: `exceeds_lower_limit` when the fund holds less (its lower limit is 0,
 * checked by the ledger as it posts, so grants and spending at once cannot together overspend),
 * `amount_scale_exceeded`.
 */
export async function spendFromFund(
  deps: Deps,
  actor: Principal,
  fund: string,
  input: { project: string; amount: string; memo?: string | undefined },
  kind: 'fund_grant' | 'fund_spending',
  idempotencyKey: string | undefined,
): Promise<{
  id: string;
  fund: string;
  project: string;
  amount: string;
  kind: typeof kind;
  fundBalance: string;
  transaction: string;
  hash: string;
}> {
  const community = actor.community;
  await requireFund(deps.knex, community, fund);
  const project = await deps
    .knex('fund_projects')
    .select('code')
    .where({ community_id: community, fund_code: fund, code: input.project })
    .first<{ code: string } | undefined>();
  if (project === undefined) throw new ApiError('not_found', { detail: `fund ${fund} has no project ${input.project}` });
  const id = `${kind === 'fund_grant' ? 'grant' : 'spending'}/${derivedId(kind, actor, idempotencyKey)}`;
  const transaction: Transaction = await deps.ledger.post(
    fundSpending({ community, id, actor: actor.userId, fund, project: input.project, amount: input.amount, kind, memo: input.memo }),
  );
  const balance = await deps.ledger.balance(community, accountIds.fund(fund));
  const posted = transaction.postings.find((posting) => posting.account === accountIds.projectSpending(fund, input.project));
  return {
    id,
    fund,
    project: input.project,
    amount: posted?.amount ?? input.amount,
    kind,
    fundBalance: normalizeAmount(balance?.balance ?? '0', 2),
    transaction: transaction.id,
    hash: transaction.hash,
  };
}

export async function listFunds(
  deps: Deps,
  community: string,
  page: { limit: number; after?: string | undefined },
): Promise<{ items: FundView[]; next: string | null }> {
  const query = deps
    .knex('funds')
    .select('code', 'name')
    .where({ community_id: community })
    .orderByRaw('code collate "C"')
    .limit(page.limit);
  if (page.after !== undefined) query.andWhereRaw('code collate "C" > ?', [page.after]);
  const rows = (await query) as { code: string; name: string }[];
  const items: FundView[] = [];
  for (const row of rows) items.push(await fundView(deps, community, row));
  return { items, next: rows.length === page.limit ? (rows.at(-1)?.code ?? null) : null };
}

async function fundView(deps: Deps, community: string, fund: { code: string; name: string }): Promise<FundView> {
  const balance = await deps.ledger.balance(community, accountIds.fund(fund.code));
  const income = await deps.ledger.balance(community, accountIds.cashIncome(fund.code));
  const projects = (await deps
    .knex('fund_projects')
    .select('code', 'name')
    .where({ community_id: community, fund_code: fund.code })
    .orderByRaw('code collate "C"')
    .limit(projectsPerFundMax)) as { code: string; name: string }[];
  const projectViews = [];
  for (const project of projects) {
    const spent = await deps.ledger.balance(community, accountIds.projectSpending(fund.code, project.code));
    projectViews.push({ code: project.code, name: project.name, spent: normalizeAmount(spent?.balance ?? '0', 2) });
  }
  const donated = normalizeAmount(income?.balance ?? '0', 2);
  return {
    code: fund.code,
    name: fund.name,
    balance: normalizeAmount(balance?.balance ?? '0', 2),
    donated: donated.startsWith('-') ? donated.slice(1) : donated,
    projects: projectViews,
  };
}
