// The printable donor receipt (捐赠收据): a plain HTML page in Chinese, every value escaped.
import type { ReceiptView } from '../workflows/donations.js';

const valuationNames: Readonly<Record<string, string>> = {
  market_price: '市场价',
  donor_invoice: '捐赠方发票',
  catalogue_price: '目录价',
  appraisal: '评估价',
  nominal: '名义价值',
};

const paymentNames: Readonly<Record<string, string>> = {
  cash: '现金',
  bank_transfer: '银行转账',
  wechat_pay: '微信支付',
  alipay: '支付宝',
};

function escape(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** The date as the community reads it: China Standard Time, `2026年11月26日 10:05`. */
export function chinaDateTime(iso: string): string {
  const local = new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString();
  return `${local.slice(0, 4)}年${local.slice(5, 7)}月${local.slice(8, 10)}日 ${local.slice(11, 16)}`;
}

export function renderReceiptHtml(receipt: ReceiptView): string {
  const donor =
    receipt.donor === 'anonymous' ? '匿名' : receipt.donorName === null ? receipt.donor : `${receipt.donorName}（${receipt.donor}）`;
  const rows =
    receipt.kind === 'in_kind'
      ? receipt.lines
          .map(
            (line) =>
              `<tr><td>${escape(line.name)}</td><td class="n">${escape(line.quantity)}</td><td class="n">${escape(line.fairValue)}</td><td>${escape(valuationNames[line.valuationMethod] ?? line.valuationMethod)}</td></tr>`,
          )
          .join('\n')
      : `<tr><td>${escape(receipt.fundName ?? receipt.cash?.fund ?? '')}</td><td class="n">—</td><td class="n">${escape(receipt.cash?.amount ?? '')}</td><td>${escape(paymentNames[receipt.cash?.method ?? ''] ?? '')}</td></tr>`;
  const codes = receipt.kind === 'in_kind' ? receipt.lines.map((line) => line.hash) : [receipt.cash?.hash ?? ''];
  const place =
    receipt.kind === 'in_kind'
      ? `受赠超市：${escape(receipt.storeName ?? receipt.store ?? '')}`
      : `受赠基金：${escape(receipt.fundName ?? '')}`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>捐赠收据 ${escape(receipt.id)}</title>
<style>
body { font-family: "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; max-width: 46rem; margin: 2rem auto; color: #000; font-size: 16px; line-height: 1.6; }
h1 { text-align: center; font-size: 1.6rem; }
table { width: 100%; border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #000; padding: 0.3rem 0.5rem; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
code { font-size: 0.8rem; word-break: break-all; }
@media print { body { margin: 0; } }
</style>
</head>
<body>
<h1>捐赠收据</h1>
<p>社区：${escape(receipt.community.name)}</p>
<p>收据编号：${escape(receipt.id)}</p>
<p>日期：${escape(chinaDateTime(receipt.recordedAt))}</p>
<p>捐赠人：${escape(donor)}</p>
<p>${place}</p>
<table>
<thead><tr><th>${receipt.kind === 'in_kind' ? '物品' : '用途'}</th><th>数量</th><th>${receipt.kind === 'in_kind' ? '公允价值（元）' : '金额（元）'}</th><th>${receipt.kind === 'in_kind' ? '估值方式' : '支付方式'}</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr><th colspan="2">合计</th><td class="n">${escape(receipt.totalValue)}</td><td></td></tr></tfoot>
</table>
<p>验证码（账本交易哈希，可在社区账本中核验）：</p>
${codes.map((code) => `<p><code>${escape(code)}</code></p>`).join('\n')}
<p>感谢您的爱心捐赠！</p>
</body>
</html>
`;
}
