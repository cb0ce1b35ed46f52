// The journal exports: CSV as RFC 4180 with a formula guard, and an hledger journal that the real hledger reads to the ledger's own balances.
//
// hledger is a Debian package (`apt-get install hledger`; .ci/run installs it). When it is
// missing the hledger test fails and says so, unless LINLI_SKIP_HLEDGER=1 asks to skip it.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmountDecimal } from '../amount.js';
import type { Ledger } from '../ledger.js';
import { storeFixtures, type OpenedStore } from '../test-support.js';
import type { Transaction } from '../transaction.js';
import { csvField, csvHeader, journalCsv } from './csv.js';
import { journalHledger, localDate } from './hledger.js';

const run = promisify(execFile);
const hledgerMissing = spawnSync('hledger', ['--version']).error !== undefined;
const hledgerSkipRequested = process.env.LINLI_SKIP_HLEDGER === '1';

/** Parses RFC 4180 text: fields split by commas, records by CRLF (or LF), quoted fields with "" for a quote. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] as string;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') {
      if (field !== '') throw new Error(`a quote inside an unquoted field at ${index}`);
      quoted = true;
    } else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\r' || char === '\n') {
      if (char === '\r' && text[index + 1] === '\n') index += 1;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += char;
  }
  if (quoted) throw new Error('an unterminated quoted field');
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records;
}

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}

/** Memos that CSV and hledger must both survive. */
const memos = {
  quotes: '帮李奶奶买菜, "送到家"; 谢谢',
  lines: '第一行\n第二行\r\n第三行',
  formula: '=HYPERLINK("http://example.invalid","点击")',
  plus: '+86 138 0000 0000; "王"',
  minus: '-100 积分? 不, 是发放',
  at: '@staff 发放, 2 袋',
  tab: '\t缩进',
  empty: '',
};

describe.each(storeFixtures())('exports on the $name store', (fixture) => {
  let opened: OpenedStore;
  let ledger: Ledger;
  let journal: Transaction[];
  const c = 'export';

  beforeAll(async () => {
    opened = await fixture.open();
    ledger = opened.ledger(() => new Date('2026-03-01T02:00:00.000Z'));
    await ledger.createCommunity({ id: c, name: '仙林社区' });
    await ledger.defineUnit(c, { code: 'ITEM:rice-5kg', scale: 0, name: '大米 5kg' });
    await ledger.defineUnit(c, { code: 'ITEM:flour-kg', scale: 3, name: '面粉 (kg)' });
    const accounts: [string, string, boolean][] = [
      ['community/hours/issuance', 'HOUR', true],
      ['community/hours/pool', 'HOUR', false],
      ['member/wang/hours', 'HOUR', false],
      ['member/li/hours', 'HOUR', false],
      ['income/cash-donations/cny', 'CNY', true],
      ['fund/elderly-care/cny', 'CNY', false],
      ['points/issuance', 'POINT', true],
      ['household/HH-7Q3K9/points', 'POINT', false],
      ['points/redeemed', 'POINT', false],
      ['income/in-kind/rice-5kg', 'ITEM:rice-5kg', true],
      ['store/s1/stock/rice-5kg', 'ITEM:rice-5kg', false],
      ['distributed/rice-5kg', 'ITEM:rice-5kg', false],
      ['income/in-kind/flour-kg', 'ITEM:flour-kg', true],
      ['store/s1/stock/flour-kg', 'ITEM:flour-kg', false],
      ['member/zhao/hours', 'HOUR', false],
    ];
    for (const [id, unit, source] of accounts)
      await ledger.openAccount({ community: c, id, unit, name: id, ...(source ? { lowerLimit: null } : {}) });
    const post = (id: string, kind: string, memo: string, postings: [string, string, string][], effectiveAt?: string) =>
      ledger.post({
        community: c,
        id,
        kind,
        actor: 'coord-1',
        memo,
        postings: postings.map(([account, unit, amount]) => ({ account, unit, amount })),
        ...(effectiveAt === undefined ? {} : { effectiveAt }),
      });
    await post(
      'sc-1',
      'service_credit',
      memos.quotes,
      [
        ['community/hours/issuance', 'HOUR', '-2.50'],
        ['member/wang/hours', 'HOUR', '2.50'],
      ],
      '2026-02-14T09:30:00+08:00',
    );
    await post('gift-1', 'hour_gift', memos.lines, [
      ['member/wang/hours', 'HOUR', '-0.75'],
      ['community/hours/pool', 'HOUR', '0.75'],
    ]);
    await post('cash-1', 'cash_donation', memos.formula, [
      ['income/cash-donations/cny', 'CNY', '-1000.00'],
      ['fund/elderly-care/cny', 'CNY', '1000.00'],
    ]);
    await post('don-1', 'donation_in_kind', memos.plus, [
      ['income/in-kind/rice-5kg', 'ITEM:rice-5kg', '-10'],
      ['store/s1/stock/rice-5kg', 'ITEM:rice-5kg', '10'],
      ['income/in-kind/flour-kg', 'ITEM:flour-kg', '-2.5'],
      ['store/s1/stock/flour-kg', 'ITEM:flour-kg', '2.5'],
    ]);
    await post('pts-1', 'points_issue', memos.minus, [
      ['points/issuance', 'POINT', '-100'],
      ['household/HH-7Q3K9/points', 'POINT', '100'],
    ]);
    await post('dist-1', 'distribution', memos.at, [
      ['store/s1/stock/rice-5kg', 'ITEM:rice-5kg', '-2'],
      ['distributed/rice-5kg', 'ITEM:rice-5kg', '2'],
      ['household/HH-7Q3K9/points', 'POINT', '-60'],
      ['points/redeemed', 'POINT', '60'],
    ]);
    await post('sc-2', 'service_credit', memos.tab, [
      ['community/hours/issuance', 'HOUR', '-1.25'],
      ['member/li/hours', 'HOUR', '1.25'],
    ]);
    await post('sc-3', 'service_credit', memos.empty, [
      ['community/hours/issuance', 'HOUR', '-1.00'],
      ['member/zhao/hours', 'HOUR', '1.00'],
    ]);
    await ledger.reverse({ community: c, id: 'gift-1/reversal', reverses: 'gift-1', actor: 'auditor-1', memo: '撤销, "误操作"' });
    await ledger.reverse({
      community: c,
      id: 'cash-1/refund',
      reverses: 'cash-1',
      actor: 'auditor-1',
      memo: '部分退款; 200 元',
      postings: [
        { account: 'fund/elderly-care/cny', unit: 'CNY', amount: '-200.00' },
        { account: 'income/cash-donations/cny', unit: 'CNY', amount: '200.00' },
      ],
    });
    journal = [];
    for await (const transaction of ledger.journal(c)) journal.push(transaction);
  });
  afterAll(async () => opened.close());

  describe('CSV', () => {
    it('has the header, then one RFC 4180 row per posting, each ending in CRLF', async () => {
      const text = await collect(journalCsv(ledger.journal(c)));
      expect(text.startsWith(`${csvHeader.join(',')}\r\n`)).toBe(true);
      expect(text.endsWith('\r\n')).toBe(true);
      const [header, ...rows] = parseCsv(text);
      expect(header).toEqual(csvHeader);
      const postings = journal.flatMap((transaction) => transaction.postings.map((posting) => ({ transaction, posting })));
      expect(rows).toHaveLength(postings.length);
      for (const [index, row] of rows.entries()) {
        const { transaction, posting } = postings[index] as (typeof postings)[number];
        expect(row).toHaveLength(csvHeader.length);
        const field = Object.fromEntries(csvHeader.map((name, column) => [name, row[column]]));
        expect(field).toMatchObject({
          seq: String(transaction.seq),
          transaction_id: transaction.id,
          kind: transaction.kind,
          effective_at: transaction.effectiveAt,
          recorded_at: transaction.recordedAt,
          actor: transaction.actor,
          reverses: transaction.reverses ?? '',
          hold_id: transaction.holdId ?? '',
          account: posting.account,
          unit: posting.unit,
          amount: posting.amount,
          balance_after: posting.balanceAfter,
          hash: transaction.hash,
        });
        // The memo comes back exactly, but for the quote that keeps a spreadsheet from running it.
        expect(field.memo).toBe(/^[=+\-@\t\r]/.test(transaction.memo) ? `'${transaction.memo}` : transaction.memo);
      }
    });

    it('keeps a spreadsheet from reading text as a formula, but writes negative amounts as numbers', async () => {
      const text = await collect(journalCsv(ledger.journal(c)));
      expect(text).toContain(`"'=HYPERLINK(""http://example.invalid"",""点击"")"`);
      expect(text).toContain(`"'+86 138 0000 0000; ""王"""`);
      expect(text).toContain(`'-100 积分? 不, 是发放`);
      expect(text).toContain(`'@staff 发放, 2 袋`);
      expect(text).toContain(`'\t缩进`);
      expect(text).toContain(',-1000.00,-1000.00,');
      expect(csvField('=1+1')).toBe(`'=1+1`);
      expect(csvField('-2.50', true)).toBe('-2.50');
      expect(csvField('a,b')).toBe('"a,b"');
      expect(csvField('say "hi"')).toBe('"say ""hi"""');
      expect(csvField('one\ntwo')).toBe('"one\ntwo"');
      expect(csvField('plain 文本')).toBe('plain 文本');
    });
  });

  describe('hledger', () => {
    let folder: string;
    beforeAll(async () => {
      folder = await mkdtemp(join(tmpdir(), 'linli-hledger-'));
    });
    afterAll(async () => rm(folder, { recursive: true, force: true }));

    async function hledger(file: string, ...args: string[]): Promise<string[][]> {
      const { stdout } = await run('hledger', ['-f', file, ...args], { maxBuffer: 16 * 1024 * 1024 });
      return parseCsv(stdout);
    }

    it('reads the exported journal to the same postings, balances and per-unit totals as the ledger', async (context) => {
      if (hledgerMissing) {
        if (hledgerSkipRequested) context.skip('hledger is not installed and LINLI_SKIP_HLEDGER=1: the hledger export check is skipped');
        throw new Error(
          'hledger is not installed: run `apt-get install -y hledger` (.ci/run does), or set LINLI_SKIP_HLEDGER=1 to skip this check',
        );
      }
      const file = join(folder, `${fixture.name}.journal`);
      await writeFile(file, await collect(journalHledger(ledger.journal(c), await ledger.listUnits(c))), 'utf8');
      const hledgerAccount = (id: string) => id.replaceAll('/', ':');

      // Every posting, read back: the code is the transaction id, the description the memo on one
      // line (hledger trims the spaces and tabs around a description).
      const [printHeader, ...printed] = await hledger(file, 'print', '-O', 'csv');
      const column = (name: string) => (printHeader as string[]).indexOf(name);
      const expected = journal.flatMap((transaction) =>
        transaction.postings.map((posting) => [
          localDate(transaction.effectiveAt, 480),
          transaction.id,
          (transaction.memo === '' ? transaction.kind : transaction.memo)
            .replace(/[\r\n]+/g, ' ')
            .replace(/;/g, ',')
            .trim(),
          hledgerAccount(posting.account),
          posting.amount,
          posting.unit,
        ]),
      );
      expect(
        printed.map((row) => ['date', 'code', 'description', 'account', 'amount', 'commodity'].map((name) => row[column(name)])),
      ).toEqual(expected);

      // Per-account balances equal the ledger's.
      const [, ...balances] = await hledger(file, 'balance', '--layout=bare', '-O', 'csv');
      const totals = balances.filter(([account]) => account === 'total');
      const rows = balances.filter(([account]) => account !== 'total');
      const fromLedger: string[][] = [];
      for (const account of (await ledger.listAccounts(c)).items) {
        if (!new AmountDecimal(account.balance).isZero()) fromLedger.push([hledgerAccount(account.id), account.unit, account.balance]);
      }
      expect(rows.sort()).toEqual(fromLedger.sort());

      // Per-unit totals: the positive and negative sides equal the trial balance, and hledger's
      // grand total is zero in every unit.
      const sides = new Map<string, { debit: InstanceType<typeof AmountDecimal>; credit: InstanceType<typeof AmountDecimal> }>();
      for (const [, unit, amount] of rows) {
        const side = sides.get(unit as string) ?? { debit: new AmountDecimal(0), credit: new AmountDecimal(0) };
        if (new AmountDecimal(amount as string).isNegative()) side.debit = side.debit.plus(amount as string);
        else side.credit = side.credit.plus(amount as string);
        sides.set(unit as string, side);
      }
      const trial = await ledger.trialBalance(c);
      expect(trial.map((line) => line.unit)).toEqual(['CNY', 'HOUR', 'ITEM:flour-kg', 'ITEM:rice-5kg', 'POINT']);
      for (const line of trial) {
        const side = sides.get(line.unit);
        expect(side?.debit.equals(line.debit), `${line.unit} debit`).toBe(true);
        expect(side?.credit.equals(line.credit), `${line.unit} credit`).toBe(true);
        expect(line.net).toMatch(/^0(\.0+)?$/);
      }
      expect(totals.length).toBeGreaterThan(0);
      for (const [, , amount] of totals) expect(new AmountDecimal(amount as string).isZero()).toBe(true);
    });
  });
});

describe('hledger dates', () => {
  it('dates a transaction by the community calendar day (UTC+8), not the UTC day', () => {
    // 07:00 on 1 February in Nanjing is 23:00 on 31 January in UTC.
    expect(localDate('2026-01-31T23:00:00.000Z', 480)).toBe('2026-02-01');
    expect(localDate('2026-01-31T15:59:59.999Z', 480)).toBe('2026-01-31');
  });
});
