// Service records (服务档案): approved assignments, and the printable certificate (志愿服务证明)
// the community's organisation issues for one of them — "whoever records, certifies". The ledger
// transaction's chain hash is the verification code: an auditor finds it in the journal.
import type { Principal } from '../auth/roles.js';
import { findCommunity } from '../communities.js';
import { toIso } from '../database-values.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../http-errors.js';
import { servedHours, starProgress } from './served-hours.js';
import { isManager } from './needs.js';
import { findServiceRecordRow, serviceRecordRowsPage, type ServiceRecordRow } from './queries/assignments.js';
import type { CertificateView, ServiceRecordView } from '@linli/contract';

// The answers' shapes are the contract's, inferred from the schemas the routes answer with.
export type { CertificateView, ServiceRecordView } from '@linli/contract';

const chinaDate = (value: Date | string): string => new Date(new Date(value).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * A record as `viewer` may read it: auditors get the volunteer's pseudonym for a name (and for the
 * id, as in every answer to them); everyone else who may read the record, the volunteer's name.
 */
function recordView(deps: Deps, viewer: Principal, row: ServiceRecordRow): ServiceRecordView {
  return {
    id: row.id,
    need: row.need_id,
    service: row.title,
    volunteer: row.volunteer_id,
    volunteerName: viewer.role === 'auditor' ? deps.pseudonyms.person(viewer.community, row.volunteer_id) : row.display_name,
    date: chinaDate(row.window_start),
    hours: row.approved_hours,
    transaction: row.transaction_id,
    approvedAt: toIso(row.updated_at),
  };
}

/** Members see their own records; coordinators, admins and auditors anyone's. Refusal: `forbidden` (a member asking for another's). */
export async function listServiceRecords(
  deps: Deps,
  viewer: Principal,
  query: { volunteer?: string | undefined; limit: number; after?: string | undefined },
): Promise<{ items: ServiceRecordView[]; next: string | null }> {
  let volunteer = query.volunteer;
  if (viewer.role === 'member') {
    if (volunteer !== undefined && volunteer !== viewer.userId)
      throw new ApiError('forbidden', { detail: 'members see only their own service records' });
    volunteer = viewer.userId;
  }
  const rows = await serviceRecordRowsPage(deps.knex, viewer.community, { volunteer, limit: query.limit, after: query.after });
  const page = rows.slice(0, query.limit);
  return { items: page.map((row) => recordView(deps, viewer, row)), next: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null };
}

export async function readCertificate(deps: Deps, viewer: Principal, id: string): Promise<CertificateView> {
  const community = viewer.community;
  const row = await findServiceRecordRow(deps.knex, community, id);
  if (
    row === undefined ||
    (viewer.role === 'member' && row.volunteer_id !== viewer.userId) ||
    !(isManager(viewer) || viewer.role === 'auditor' || viewer.role === 'member')
  ) {
    throw new ApiError('not_found', { detail: `no service record ${id}` });
  }
  const transaction = await deps.ledger.getTransaction(community, row.transaction_id);
  if (transaction === undefined)
    throw new Error(`assertion: service record ${id} names transaction ${row.transaction_id}, which is missing`);
  const profile = await findCommunity(deps.knex, community);
  const served = await servedHours(deps.ledger, community, row.volunteer_id);
  return {
    ...recordView(deps, viewer, row),
    organisation: profile?.name ?? community,
    community,
    verificationCode: transaction.hash,
    starLevel: starProgress(served).level,
    hoursServedTotal: served,
  };
}

function escape(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** The printable certificate (志愿服务证明), in Chinese, every value escaped. */
export function renderCertificateHtml(certificate: CertificateView): string {
  const stars = certificate.starLevel > 0 ? `${'★'.repeat(certificate.starLevel)}（${certificate.starLevel}星级志愿者）` : '—';
  const [year, month, day] = certificate.date.split('-');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>志愿服务证明 ${escape(certificate.id)}</title>
<style>
body { font-family: "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; max-width: 46rem; margin: 2rem auto; color: #000; font-size: 18px; line-height: 1.8; }
h1 { text-align: center; letter-spacing: 0.5em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #000; padding: 0.4rem 0.6rem; text-align: left; }
th { width: 9rem; }
.code { font-family: monospace; word-break: break-all; font-size: 14px; }
.sign { margin-top: 3rem; text-align: right; }
@media print { body { margin: 0; } }
</style>
</head>
<body>
<h1>志愿服务证明</h1>
<p>兹证明 <strong>${escape(certificate.volunteerName)}</strong> 于 ${escape(year ?? '')}年${escape(month ?? '')}月${escape(day ?? '')}日 参加志愿服务“${escape(certificate.service)}”，服务时长 <strong>${escape(certificate.hours)}</strong> 小时，特此证明。</p>
<table>
<tr><th>志愿者</th><td>${escape(certificate.volunteerName)}</td></tr>
<tr><th>服务项目</th><td>${escape(certificate.service)}</td></tr>
<tr><th>服务日期</th><td>${escape(certificate.date)}</td></tr>
<tr><th>服务时长</th><td>${escape(certificate.hours)} 小时</td></tr>
<tr><th>累计服务时长</th><td>${escape(certificate.hoursServedTotal)} 小时</td></tr>
<tr><th>星级</th><td>${escape(stars)}</td></tr>
<tr><th>记录单位</th><td>${escape(certificate.organisation)}</td></tr>
<tr><th>记录编号</th><td class="code">${escape(certificate.id)}</td></tr>
<tr><th>验证码</th><td class="code">${escape(certificate.verificationCode)}</td></tr>
</table>
<p>验证码为时间银行账本中该笔服务记录的哈希值，可由社区审计核验。</p>
<p class="sign">${escape(certificate.organisation)}（盖章）<br>${escape(certificate.approvedAt.slice(0, 10))}</p>
</body>
</html>
`;
}
