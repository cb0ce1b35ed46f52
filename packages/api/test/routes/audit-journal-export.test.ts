// The journal export streamed over HTTP: a journal of more than 20,000 postings comes out whole,
// parses and balances, while the server reads it no faster than the client takes it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import { AmountDecimal, books, csvHeader, type Amount, type TransactionInput } from '@linli/ledger';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoAccount, describeOnDatabases, type TestApp } from '../test-support/test-app.js';
import { openMemberAccount } from '../../src/workflows/community-books.js';
import { exportWriteCharsMax, journalText, utf8ByteOrderMark, writeWithBackpressure } from '../../src/workflows/journal-export.js';

const community = 'xianlin';
/**
 * 340 transactions of 64 postings (the ledger's most): 21,760 postings on top of the demo's
 * history. Wide transactions load the journal in seconds on PGlite, where 10,000 two-posting
 * transactions take minutes.
 */
const bulkTransactions = 340;
const bulkVolunteers = 63;

async function loadJournal(app: TestApp): Promise<void> {
  for (let member = 0; member < bulkVolunteers; member += 1) await openMemberAccount(app.deps.ledger, community, `u-bulk${member}`);
  const batch: TransactionInput[] = [];
  for (let index = 0; index < bulkTransactions; index += 1) {
    // Memos with commas, quotes, a line break and a leading "=" exercise the CSV's quoting.
    const memo = index % 3 === 0 ? '助老陪护, "上门"' : index % 3 === 1 ? '=SUM(A1)\n第二行' : '代买代办';
    const hours = Array.from({ length: bulkVolunteers }, (_, volunteer) => ((index + volunteer) % 2 === 0 ? '1.25' : '0.50'));
    const total = hours.reduce((sum, amount) => sum.plus(amount), new AmountDecimal(0));
    batch.push({
      community,
      id: `bulk/${index}`,
      kind: 'service_credit',
      actor: 'test',
      memo,
      postings: [
        { account: books.accountIds.hourIssuance, unit: 'HOUR', amount: total.negated().toFixed(2) },
        ...hours.map((amount, volunteer) => ({ account: books.accountIds.memberHours(`u-bulk${volunteer}`), unit: 'HOUR', amount })),
      ],
    });
    if (batch.length === 100 || index === bulkTransactions - 1) await app.deps.ledger.postLinked(community, batch.splice(0));
  }
}

/**
 * The live heap (after a full collection), so that garbage not yet collected does not count.
 * `--expose-gc` is switched on from here, since the test runner starts the process.
 */
function liveHeapBytes(): number {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  return process.memoryUsage().heapUsed;
}

/** An RFC 4180 reader fed chunk by chunk: calls `row` for each record as soon as it is complete. */
function csvReader(row: (fields: string[]) => void): (chunk: string) => void {
  let field = '';
  let fields: string[] = [];
  let quoted = false;
  let quoteSeen = false;
  return (chunk) => {
    for (const character of chunk) {
      if (quoted) {
        if (character === '"') quoted = false;
        else field += character;
        continue;
      }
      if (character === '"') {
        if (quoteSeen) field += '"';
        quoted = true;
        quoteSeen = false;
        continue;
      }
      quoteSeen = false;
      if (character === ',') {
        fields.push(field);
        field = '';
      } else if (character === '\n') {
        fields.push(field.endsWith('\r') ? field.slice(0, -1) : field);
        row(fields);
        fields = [];
        field = '';
      } else {
        field += character;
      }
    }
  };
}

describeOnDatabases('journal export', (handle) => {
  let server: http.Server;
  let port: number;
  let postings: number;
  let transactions: number;

  beforeAll(async () => {
    const app = handle.get();
    await loadJournal(app);
    const counted = (await app.deps.knex('ledger_postings').count({ count: '*' }).where({ community_id: community }).first()) as {
      count: string | number;
    };
    postings = Number(counted.count);
    transactions =
      (await app.deps.ledger.journalPage(community, { limit: 1 })).items.length === 0
        ? 0
        : Number((await app.deps.ledger.store.chainHead(community))?.seq);
    server = http.createServer(app.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  }, 600_000);

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  /** GET over a real socket; `onChunk` sees the body as it arrives, never buffered whole. */
  async function download(path: string, onChunk: (text: string) => void | Promise<void>): Promise<http.IncomingMessage> {
    const token = await handle.get().tokenFor(demoAccount('auditor'));
    return new Promise((resolve, reject) => {
      const request = http.get({ host: '127.0.0.1', port, path, headers: { Authorization: `Bearer ${token}` } }, (response) => {
        response.setEncoding('utf8');
        response.on('data', (text: string) => {
          const pending = onChunk(text);
          if (pending instanceof Promise) {
            response.pause();
            pending.then(() => response.resume(), reject);
          }
        });
        response.on('end', () => resolve(response));
        response.on('error', reject);
      });
      request.on('error', reject);
    });
  }

  it('streams more than 20,000 postings as CSV that parses and balances, with flat memory', async () => {
    expect(postings).toBeGreaterThan(20_000);
    const sums = new Map<string, Amount>();
    const lastBalance = new Map<string, string>();
    let header: string[] | undefined;
    let rows = 0;
    let first = true;
    const read = csvReader((fields) => {
      if (header === undefined) {
        header = fields;
        return;
      }
      rows += 1;
      const [unit = '', amount = '0', balanceAfter = ''] = [fields[10], fields[11], fields[12]];
      sums.set(unit, (sums.get(unit) ?? new AmountDecimal(0)).plus(amount));
      lastBalance.set(fields[9] ?? '', balanceAfter);
    });
    const heapBefore = liveHeapBytes();
    let heapPeak = heapBefore;
    let chunks = 0;
    let sentChars = 0;
    const response = await download('/api/v1/audit/journal?format=csv', (text) => {
      if (first) {
        expect(text.startsWith(utf8ByteOrderMark)).toBe(true);
        text = text.slice(1);
        first = false;
      }
      read(text);
      sentChars += text.length;
      chunks += 1;
      if (chunks % 40 === 0) heapPeak = Math.max(heapPeak, liveHeapBytes());
      // A slow reader: the server must wait for it rather than buffer the rest.
      return chunks % 50 === 0 ? new Promise((resolve) => setTimeout(resolve, 5)) : undefined;
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="linli-xianlin-journal-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(header).toEqual(csvHeader);
    expect(rows).toBe(postings);
    for (const [unit, sum] of sums) expect(sum.isZero(), unit).toBe(true);
    const bulkAccount = books.accountIds.memberHours('u-bulk3');
    expect(lastBalance.get(bulkAccount)).toBe((await handle.get().deps.ledger.balance(community, bulkAccount))?.balance);
    // The live heap while streaming holds the ledger's page of transactions (up to 2,000; here the
    // wide test transactions make the whole journal one page) and a few writes' worth of text,
    // never the export itself: it grows by less than one copy of the text sent would take (two
    // bytes a character, as its Chinese memos make it). The next test bounds the text itself.
    // (Measured: about 4 MB for 4.4 million characters.)
    const heapGrowth = heapPeak - heapBefore;
    console.log(
      JSON.stringify({
        test: 'journal export live heap growth',
        postings,
        sentChars,
        heapGrowthMb: Math.round((heapGrowth / 2 ** 20) * 10) / 10,
      }),
    );
    expect(heapGrowth).toBeLessThan(2 * sentChars);
    const logged = await handle
      .get()
      .deps.knex('audit_log')
      .select('actor', 'details')
      .where({ community_id: community, action: 'ledger.journal_exported' });
    expect(logged).toContainEqual({ actor: handle.get().demoUsers.get('auditor'), details: { format: 'csv' } });
  });

  it('reads the journal no faster than a slow reader takes it', async () => {
    let produced = 0;
    let consumed = 0;
    let aheadMax = 0;
    const counted = async function* (chunks: AsyncIterable<string>) {
      for await (const chunk of chunks) {
        produced += chunk.length;
        aheadMax = Math.max(aheadMax, produced - consumed);
        yield chunk;
      }
    };
    const slow = new Writable({
      highWaterMark: 16 * 1024,
      decodeStrings: false,
      write(chunk: string, _encoding, done) {
        setTimeout(() => {
          consumed += chunk.length;
          done();
        }, 1);
      },
    });
    const written = await writeWithBackpressure(slow, counted(journalText(handle.get().deps.ledger, community, 'csv')));
    expect(written).toBe(produced);
    expect(produced).toBeGreaterThan(3_000_000);
    // Text read ahead of the reader: at most one gathered write waiting and one in the writable's buffer.
    expect(aheadMax).toBeLessThan(3 * exportWriteCharsMax);
  });

  it('streams the hledger journal: one entry per transaction, every commodity summing to zero', async () => {
    let text = '';
    let entries = 0;
    const sums = new Map<string, Amount>();
    const response = await download('/api/v1/audit/journal?format=hledger', (chunk) => {
      text += chunk;
      const lines = text.split('\n');
      text = lines.pop() ?? '';
      for (const line of lines) {
        if (/^\d{4}-\d{2}-\d{2} \(/.test(line)) entries += 1;
        const posting = /^ {4}\S.*? {2}(-?[0-9.]+) "([^"]+)"$/.exec(line);
        if (posting !== null) sums.set(posting[2] ?? '', (sums.get(posting[2] ?? '') ?? new AmountDecimal(0)).plus(posting[1] ?? '0'));
      }
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/\.journal"$/);
    expect(entries).toBe(transactions);
    for (const [unit, sum] of sums) expect(sum.isZero(), unit).toBe(true);
  });

  it('stops reading when the client goes away, and keeps serving', async () => {
    const token = await handle.get().tokenFor(demoAccount('admin'));
    await new Promise<void>((resolve, reject) => {
      const request = http.get(
        { host: '127.0.0.1', port, path: '/api/v1/audit/journal', headers: { Authorization: `Bearer ${token}` } },
        (response) => {
          response.once('data', () => {
            request.destroy();
            resolve();
          });
        },
      );
      request.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve() : reject(error)));
    });
    const after = await handle.get().http().get('/api/v1/audit/verify').set('Authorization', `Bearer ${token}`);
    expect(after.body).toMatchObject({ ok: true, transactions });
  });

  it('refuses an unknown format with a problem', async () => {
    const response = await handle
      .get()
      .http()
      .get('/api/v1/audit/journal?format=xlsx')
      .set('Authorization', `Bearer ${await handle.get().tokenFor(demoAccount('auditor'))}`);
    expect([response.status, response.body.code, response.body.errors[0].pointer]).toEqual([400, 'validation_failed', '/format']);
  });
});
