// Funds (grants and spending within the fund's balance) and the CSV imports over HTTP.
import { books } from '@linli/ledger';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/roles.js';
import { demoAccount, describeOnDatabases, otherAccount } from '../test-support/test-app.js';

const { accountIds } = books;
let keySerial = 0;

describeOnDatabases('funds and imports', (handle) => {
  const app = () => handle.get();
  const token = async (role: Role, other = false) => `Bearer ${await app().tokenFor(other ? otherAccount(role) : demoAccount(role))}`;
  const post = async (path: string, body: object, role: Role, options: { key?: string; other?: boolean } = {}) =>
    app()
      .http()
      .post(path)
      .set('Authorization', await token(role, options.other))
      .set('Idempotency-Key', options.key ?? `funds-${(keySerial += 1)}`)
      .send(body);
  const postCsv = async (path: string, csv: string, role: Role = 'admin') =>
    app()
      .http()
      .post(path)
      .set('Authorization', await token(role))
      .set('Idempotency-Key', `csv-${(keySerial += 1)}`)
      .set('Content-Type', 'text/csv; charset=utf-8')
      .send(csv);
  const balance = async (account: string) => (await app().deps.ledger.balance('xianlin', account))?.balance;
  const count = async (table: string) =>
    Number(
      ((await app().deps.knex(table).where({ community_id: 'xianlin' }).count({ count: '*' })) as { count: string | number }[])[0]?.count,
    );

  describe('funds', () => {
    it('creates a restricted fund, takes cash, grants and spends within its balance only', async () => {
      const created = await post(
        '/api/v1/funds',
        {
          code: 'education',
          name: '助学基金',
          projects: [
            { code: 'tutoring', name: '课后辅导' },
            { code: 'books', name: '图书' },
          ],
        },
        'admin',
      );
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body).toEqual({
        code: 'education',
        name: '助学基金',
        balance: '0.00',
        donated: '0.00',
        projects: [
          { code: 'books', name: '图书', spent: '0.00' },
          { code: 'tutoring', name: '课后辅导', spent: '0.00' },
        ],
      });
      expect(
        (
          await post(
            '/api/v1/donations/cash',
            { fund: 'education', amount: '500.00', donor: { name: '钱女士' }, method: 'alipay' },
            'staff',
          )
        ).status,
      ).toBe(201);
      const grant = await post(
        '/api/v1/funds/education/grants',
        { project: 'tutoring', amount: '200.00', memo: '秋季学期' },
        'coordinator',
      );
      expect(grant.status, JSON.stringify(grant.body)).toBe(201);
      expect(grant.body).toMatchObject({
        fund: 'education',
        project: 'tutoring',
        amount: '200.00',
        kind: 'fund_grant',
        fundBalance: '300.00',
      });

      const overspend = await post('/api/v1/funds/education/spending', { project: 'books', amount: '350.00' }, 'coordinator');
      expect([overspend.status, overspend.body.code]).toEqual([422, 'exceeds_lower_limit']);
      const noProject = await post('/api/v1/funds/education/spending', { project: 'trips', amount: '1.00' }, 'coordinator');
      expect([noProject.status, noProject.body.code]).toEqual([404, 'not_found']);
      expect((await post('/api/v1/funds/education/spending', { project: 'books', amount: '1.00' }, 'staff')).status).toBe(403);
      expect(
        (await post('/api/v1/funds/education/spending', { project: 'books', amount: '1.00' }, 'coordinator', { other: true })).status,
      ).toBe(404);
      const fine = await post('/api/v1/funds/education/spending', { project: 'books', amount: '0.001' }, 'coordinator');
      expect([fine.status, fine.body.code]).toEqual([422, 'amount_scale_exceeded']);
      expect(await balance(accountIds.fund('education'))).toBe('300.00');

      const spent = await post('/api/v1/funds/education/spending', { project: 'books', amount: '300.00' }, 'admin');
      expect(spent.body.fundBalance).toBe('0.00');
      const list = await app()
        .http()
        .get('/api/v1/funds?limit=100')
        .set('Authorization', await token('auditor'));
      expect(list.status).toBe(200);
      expect(list.body.items.find((fund: { code: string }) => fund.code === 'education')).toEqual({
        code: 'education',
        name: '助学基金',
        balance: '0.00',
        donated: '500.00',
        projects: [
          { code: 'books', name: '图书', spent: '300.00' },
          { code: 'tutoring', name: '课后辅导', spent: '200.00' },
        ],
      });
      expect(list.body.items.map((fund: { code: string }) => fund.code)).toEqual(['education', 'elderly-care']);
      const other = await app()
        .http()
        .get('/api/v1/funds')
        .set('Authorization', await token('auditor', true));
      expect(JSON.stringify(other.body)).not.toContain('education');
      const again = await post('/api/v1/funds', { code: 'education', name: '另一个基金', projects: [{ code: 'x', name: 'x' }] }, 'admin');
      expect([again.status, again.body.code]).toEqual([409, 'already_exists']);
    });
  });

  describe('imports', () => {
    const households = [
      'name,address,phone,size',
      '冯奶奶,仙林社区 30栋,13800000031,1',
      ',仙林社区 31栋,,2',
      '褚先生,仙林社区 32栋,not-a-phone,3',
      '卫女士,仙林社区 33栋,,0',
      '蒋家,仙林社区 34栋,,4',
    ].join('\n');

    it('reports every bad row of a dry run and imports nothing', async () => {
      const before = await count('households');
      const report = await postCsv('/api/v1/imports/households?dryRun=true', households, 'coordinator');
      expect(report.status, JSON.stringify(report.body)).toBe(200);
      expect(report.body).toMatchObject({
        kind: 'households',
        dryRun: true,
        rows: 5,
        valid: false,
        problemsTotal: 3,
        imported: 0,
        results: [],
      });
      expect(
        report.body.problems.map((problem: { row: number; column: string; code: string }) => [problem.row, problem.column, problem.code]),
      ).toEqual([
        [3, 'name', 'required'],
        [4, 'phone', 'invalid'],
        [5, 'size', 'invalid'],
      ]);
      expect(await count('households')).toBe(before);
    });

    it('refuses a real run of a file with any problem, and imports a clean one whole', async () => {
      const before = await count('households');
      const refused = await postCsv('/api/v1/imports/households?dryRun=false', households, 'coordinator');
      expect([refused.status, refused.body.code]).toEqual([422, 'import_invalid']);
      expect(refused.body.errors.map((error: { pointer: string }) => error.pointer)).toEqual([
        '/rows/3/name',
        '/rows/4/phone',
        '/rows/5/size',
      ]);
      expect(await count('households')).toBe(before);

      const clean = ['name,address,phone,size', '冯奶奶,仙林社区 30栋,13800000031,1', '"蒋家, 二楼",仙林社区 34栋,,4'].join('\r\n');
      const imported = await postCsv('/api/v1/imports/households?dryRun=false', clean, 'coordinator');
      expect(imported.status, JSON.stringify(imported.body)).toBe(200);
      expect(imported.body).toMatchObject({ valid: true, imported: 2 });
      expect(await count('households')).toBe(before + 2);
      const code = imported.body.results[1].ref as string;
      expect(imported.body.results.map((result: { row: number }) => result.row)).toEqual([2, 3]);
      expect(await balance(accountIds.householdPoints(code))).toBe('0');
      const shown = await app()
        .http()
        .get(`/api/v1/households/${code}`)
        .set('Authorization', await token('coordinator'));
      expect(shown.body.personal).toEqual({ name: '蒋家, 二楼', address: '仙林社区 34栋', size: 4 });
      const raw = JSON.stringify(await app().deps.knex('households').select('personal_sealed').where({ community_id: 'xianlin', code }));
      expect(raw).not.toContain('蒋家');
    });

    it('checks items against the catalogue and within the file, then adds them with their ledger units', async () => {
      const bad = [
        'code,name,scale,unitPrice,barcode',
        'rice-5kg,大米,0,45.00,',
        'soap,肥皂,0,3.00,690000000001',
        'soap,肥皂二,2,3.001,12',
        'salt,盐,0,2.00,',
      ].join('\n');
      const report = await postCsv('/api/v1/imports/items', bad);
      expect(
        report.body.problems.map((problem: { row: number; column: string; code: string }) => [problem.row, problem.column, problem.code]),
      ).toEqual([
        [2, 'code', 'already_exists'],
        [3, 'barcode', 'already_exists'],
        [4, 'scale', 'invalid'],
        [4, 'unitPrice', 'invalid'],
        [4, 'barcode', 'invalid'],
      ]);
      expect(report.body.dryRun).toBe(true);
      const imported = await app()
        .http()
        .post('/api/v1/imports/items?dryRun=false')
        .set('Authorization', await token('admin'))
        .set('Idempotency-Key', 'items-json')
        .send({ csv: 'code,name,scale,unitPrice\nsalt,盐,0,2.00\nsugar-kg,白糖 (kg),3,7.50\n' });
      expect(imported.status, JSON.stringify(imported.body)).toBe(200);
      expect(imported.body.results).toEqual([
        { row: 2, ref: 'salt' },
        { row: 3, ref: 'sugar-kg' },
      ]);
      expect(await balance(accountIds.stock('xianlin-market', 'sugar-kg'))).toBe('0.000');
      expect((await postCsv('/api/v1/imports/items', 'code,name,scale,unitPrice\nsalt2,盐,0,2.00\n', 'coordinator')).status).toBe(403);
    });

    it('imports members who cannot log in until their password is set', async () => {
      const report = await postCsv(
        '/api/v1/imports/members',
        'username,displayName,skills\nmember,张三,\nnew-one,新志愿者,cooking;repairs\nnew-one,重复,\n',
        'coordinator',
      );
      expect(
        report.body.problems.map((problem: { row: number; column: string; code: string }) => [problem.row, problem.column, problem.code]),
      ).toEqual([
        [2, 'username', 'already_exists'],
        [4, 'username', 'duplicate'],
      ]);
      const imported = await postCsv(
        '/api/v1/imports/members?dryRun=false',
        'username,displayName,skills,phone\nnew-one,新志愿者,cooking;repairs,13800000099\n',
        'coordinator',
      );
      expect(imported.status, JSON.stringify(imported.body)).toBe(200);
      const id = imported.body.results[0].ref as string;
      const member = await app()
        .http()
        .get(`/api/v1/members/${id}`)
        .set('Authorization', await token('coordinator'));
      expect(member.body).toMatchObject({ username: 'new-one', skills: ['cooking', 'repairs'], phone: '13800000099' });
      expect(await balance(accountIds.memberHours(id))).toBe('0.00');
      const login = await app()
        .http()
        .post('/api/v1/auth/login')
        .send({ community: 'xianlin', username: 'new-one', password: 'a long enough password' });
      expect(login.status).toBe(401);
    });

    it('posts opening balances as one linked batch against an equity account per unit, all or none', async () => {
      const code = app().demoHouseholds[2] ?? '';
      const [points, tea] = [
        Number(await balance(accountIds.householdPoints(code))),
        await balance(accountIds.stock('xianlin-market', 'salt')),
      ];
      const bad = `type,owner,item,amount\nhousehold_points,${code},,40\nstock,xianlin-market,salt,5.5\nfund,no-fund,,10.00\nmember_hours,nobody,,1.00\nstock,xianlin-market,,3\n`;
      const report = await postCsv('/api/v1/imports/opening-balances', bad);
      expect(
        report.body.problems.map((problem: { row: number; column: string; code: string }) => [problem.row, problem.column, problem.code]),
      ).toEqual([
        [3, 'amount', 'amount_scale_exceeded'],
        [4, 'owner', 'not_found'],
        [5, 'owner', 'not_found'],
        [6, 'item', 'required'],
      ]);
      expect((await postCsv('/api/v1/imports/opening-balances?dryRun=false', bad)).status).toBe(422);
      expect(Number(await balance(accountIds.householdPoints(code)))).toBe(points);

      const clean = `type,owner,item,amount\nhousehold_points,${code},,40\nstock,xianlin-market,salt,12\nfund,elderly-care,,1000.00\nmember_hours,new-one,,3.50\n`;
      const fundBefore = Number(await balance(accountIds.fund('elderly-care')));
      const imported = await postCsv('/api/v1/imports/opening-balances?dryRun=false', clean);
      expect(imported.status, JSON.stringify(imported.body)).toBe(200);
      expect(imported.body.imported).toBe(4);
      expect(Number(await balance(accountIds.householdPoints(code)))).toBe(points + 40);
      expect(await balance(accountIds.stock('xianlin-market', 'salt'))).toBe(String(Number(tea) + 12));
      expect(Number(await balance(accountIds.fund('elderly-care')))).toBe(fundBefore + 1000);
      expect(await balance('opening-balances/POINT')).toBe('-40');
      expect(await balance('opening-balances/ITEM:salt')).toBe('-12');
      expect(await balance('opening-balances/HOUR')).toBe('-3.50');
      const transactions = await Promise.all(
        imported.body.results.map((result: { ref: string }) => app().deps.ledger.getTransaction('xianlin', result.ref)),
      );
      expect(transactions.every((transaction) => transaction?.kind === 'opening_balance')).toBe(true);
    });

    it('refuses a file that is not a table, unknown columns, and files too large', async () => {
      const malformed = await postCsv('/api/v1/imports/items', 'code,name,scale,unitPrice\n"salt,盐,0,2.00\n');
      expect([malformed.status, malformed.body.code]).toEqual([400, 'csv_malformed']);
      const columns = await postCsv('/api/v1/imports/items', 'code,name,colour\nsalt,盐,white\n');
      expect(
        columns.body.problems.map((problem: { row: number; column: string; code: string }) => [problem.row, problem.column, problem.code]),
      ).toEqual([
        [1, 'colour', 'unknown_column'],
        [1, 'scale', 'missing_column'],
        [1, 'unitPrice', 'missing_column'],
      ]);
      const huge = await postCsv('/api/v1/imports/households', `name,address\n${'某,某\n'.repeat(250_000)}`, 'coordinator');
      expect([huge.status, huge.body.code]).toEqual([413, 'payload_too_large']);
      const rows = await postCsv('/api/v1/imports/households', `name,address\n${'某,某\n'.repeat(2_001)}`, 'coordinator');
      expect([rows.status, rows.body.code]).toEqual([413, 'import_too_large']);
      const xml = await app()
        .http()
        .post('/api/v1/imports/items')
        .set('Authorization', await token('admin'))
        .set('Idempotency-Key', 'xml')
        .set('Content-Type', 'application/xml')
        .send('<a/>');
      expect(xml.status).toBe(415);
    });
  });
});
