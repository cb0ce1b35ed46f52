// Spreadsheets saved by Excel on a Chinese Windows (GBK) are read as such, also when their bytes
// happen to be valid UTF-8; the dry run shows the encoding and the first rows' values; a file the
// parser cannot read names its problem with a stable code and line.
import iconv from 'iconv-lite';
import { expect, it } from 'vitest';
import type { Role } from '../../src/auth/roles.js';
import { demoAccount, describeOnDatabases } from '../test-support/test-app.js';

/** Every name's GBK bytes are valid UTF-8 (谢 is D0 BB, "л" in UTF-8), so the whole file is too. */
const households = ['name,address,phone,size', '谢伟,ABC,13800001234,3', '郑强,ABC,,2', '毛平,ABC,,1', '钱志,ABC,,4'].join('\r\n');

describeOnDatabases('imports in GBK and UTF-8', (handle) => {
  const app = () => handle.get();
  let serial = 0;
  const post = async (path: string, bytes: Buffer, contentType: string, role: Role = 'coordinator') =>
    app()
      .http()
      .post(path)
      .set('Authorization', `Bearer ${await app().tokenFor(demoAccount(role))}`)
      .set('Idempotency-Key', `encodings-${(serial += 1)}`)
      .set('Content-Type', contentType)
      .send(bytes);

  it('reads a GBK household list whose bytes are valid UTF-8 as GB18030: the dry run shows the names, the import stores them', async () => {
    const bytes = iconv.encode(households, 'gbk');
    expect(new TextDecoder('utf-8', { fatal: true }).decode(bytes)).not.toContain('谢');
    const checked = await post('/api/v1/imports/households', bytes, 'text/csv');
    expect(checked.status, JSON.stringify(checked.body)).toBe(200);
    expect(checked.body).toMatchObject({ dryRun: true, valid: true, rows: 4, encoding: 'gb18030' });
    expect(checked.body.preview).toEqual({
      header: ['name', 'address', 'phone', 'size'],
      rows: [
        // Phone numbers are masked but for their last 4 digits: they are digits, never garbled.
        { row: 2, cells: ['谢伟', 'ABC', '*******1234', '3'] },
        { row: 3, cells: ['郑强', 'ABC', '', '2'] },
        { row: 4, cells: ['毛平', 'ABC', '', '1'] },
        { row: 5, cells: ['钱志', 'ABC', '', '4'] },
      ],
    });
    const imported = await post('/api/v1/imports/households?dryRun=false', bytes, 'text/csv');
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(imported.body).toMatchObject({ imported: 4, encoding: 'gb18030', preview: null });
    const first = await app()
      .http()
      .get(`/api/v1/households/${imported.body.results[0].ref as string}`)
      .set('Authorization', `Bearer ${await app().tokenFor(demoAccount('coordinator'))}`);
    expect(first.body.personal).toMatchObject({ name: '谢伟', phone: '13800001234', size: 3 });
  });

  it('follows the charset the uploader names, and reads UTF-8 as UTF-8', async () => {
    const named = await post('/api/v1/imports/households', iconv.encode(households, 'gbk'), 'text/csv; charset=GBK');
    expect(named.body).toMatchObject({ encoding: 'gb18030', valid: true });
    expect(named.body.preview.rows[0].cells[0]).toBe('谢伟');
    for (const contentType of ['text/csv', 'text/csv; charset=utf-8']) {
      const utf8 = await post('/api/v1/imports/households', Buffer.from(households, 'utf8'), contentType);
      expect(utf8.body, contentType).toMatchObject({ encoding: 'utf-8', valid: true });
      expect(utf8.body.preview.rows[2].cells[0]).toBe('毛平');
    }
    // A JSON body is Unicode already; the encoding the client read its file in is reported back.
    const json = await app()
      .http()
      .post('/api/v1/imports/households')
      .set('Authorization', `Bearer ${await app().tokenFor(demoAccount('coordinator'))}`)
      .set('Idempotency-Key', `encodings-${(serial += 1)}`)
      .send({ csv: households, encoding: 'gb18030' });
    expect(json.body).toMatchObject({ encoding: 'gb18030', valid: true });
  });

  it('refuses bytes that are text in neither encoding, a charset it does not read, and UTF-16', async () => {
    const broken = Buffer.concat([Buffer.from('name,address\n'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from(',x\n')]);
    const neither = await post('/api/v1/imports/households', broken, 'text/csv');
    expect([neither.status, neither.body.code]).toEqual([400, 'csv_malformed']);
    expect(neither.body.errors).toEqual([expect.objectContaining({ in: 'body', pointer: '/csv', code: 'encoding_unknown' })]);
    expect((await post('/api/v1/imports/households', broken, 'text/csv; charset=utf-8')).body.code).toBe('invalid_utf8');
    expect((await post('/api/v1/imports/households', Buffer.from('name\n'), 'text/csv; charset=big5')).status).toBe(415);
    const utf16 = await post('/api/v1/imports/households', Buffer.from('\uFEFFname,address\n谢伟,ABC\n', 'utf16le'), 'text/csv');
    expect(utf16.body.errors[0]).toMatchObject({ code: 'encoding_utf16' });
  });

  it('names what the parser could not read with a stable code and the line, not the parser’s English', async () => {
    const cases = [
      { csv: 'name,address\n谢伟,ABC\n"毛平,ABC\n', code: 'quote_not_closed', line: 3 },
      { csv: 'name,address\n谢"伟,ABC\n', code: 'quote_inside_cell', line: 2 },
      { csv: 'name,address\n"谢伟" x,ABC\n', code: 'text_after_closing_quote', line: 2 },
      { csv: '\n\n', code: 'empty', line: undefined },
    ];
    for (const { csv, code, line } of cases) {
      const response = await post('/api/v1/imports/households', Buffer.from(csv), 'text/csv');
      expect([response.status, response.body.code], csv).toEqual([400, 'csv_malformed']);
      expect(response.body.errors, csv).toEqual([
        { in: 'body', pointer: '/csv', code, ...(line === undefined ? {} : { line }), detail: expect.any(String) },
      ]);
      expect(response.body.detail, csv).not.toMatch(/Invalid|Quote Not Closed|CSV_/);
    }
  });
});
