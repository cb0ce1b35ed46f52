import { describe, expect, it } from 'vitest';
import { demoAccount, describeOnDatabases } from '../test-support/test-app.js';

describeOnDatabases('households and their personal data', (handle) => {
  const as = async (role: 'coordinator' | 'admin' | 'staff' | 'auditor') => `Bearer ${await handle.get().tokenFor(demoAccount(role))}`;
  const personal = {
    name: '周奶奶',
    phone: '13912345678',
    address: '仙林社区 15栋1单元 101',
    idNumber: '32010219400101123X',
    size: 2,
    notes: '需要上门送货',
  };

  it('gives a new household a random pseudonymous code and seals its personal data in the table', async () => {
    const response = await handle
      .get()
      .http()
      .post('/api/v1/households')
      .set('Authorization', await as('coordinator'))
      .set('Idempotency-Key', 'hh-sealed-1')
      .send(personal);
    expect(response.status).toBe(201);
    expect(response.body.code).toMatch(/^HH-[0-9A-Z]{5}$/);
    expect(response.body.personal).toEqual(personal);
    const row = (await handle
      .get()
      .deps.knex('households')
      .select('*')
      .where({ community_id: 'xianlin', code: response.body.code })
      .first()) as Record<string, unknown>;
    const raw = JSON.stringify(row);
    for (const secret of ['周奶奶', '13912345678', '15栋', '32010219400101123X', '上门']) expect(raw).not.toContain(secret);
    expect(String(row['personal_sealed'])).toMatch(/^v1\./);
  });

  it('seals the demo seed too: no plaintext in households or member profiles', async () => {
    const tables = await Promise.all(
      ['households', 'member_profiles', 'audit_log'].map((table) => handle.get().deps.knex(table).select('*')),
    );
    const raw = JSON.stringify(tables);
    for (const secret of ['孙奶奶', '13800000011', '3栋2单元', '13800000002', 'DEMO-0002']) expect(raw).not.toContain(secret);
  });

  it('shows personal data to coordinators and admins; staff and auditors see the code only', async () => {
    const code = handle.get().demoHouseholds[0] ?? '';
    for (const role of ['coordinator', 'admin'] as const) {
      const response = await handle
        .get()
        .http()
        .get(`/api/v1/households/${code}`)
        .set('Authorization', await as(role));
      expect(response.body.personal).toMatchObject({ name: '孙奶奶' });
    }
    for (const role of ['staff', 'auditor'] as const) {
      const one = await handle
        .get()
        .http()
        .get(`/api/v1/households/${code}`)
        .set('Authorization', await as(role));
      expect(one.status).toBe(200);
      expect(Object.keys(one.body).sort()).toEqual(['code', 'createdAt', 'updatedAt']);
      const list = await handle
        .get()
        .http()
        .get('/api/v1/households')
        .set('Authorization', await as(role));
      expect(JSON.stringify(list.body)).not.toContain('孙奶奶');
      expect(list.body.items.length).toBeGreaterThan(0);
    }
  });

  it('logs who opened personal data, without the data', async () => {
    const code = handle.get().demoHouseholds[2] ?? '';
    await handle
      .get()
      .http()
      .get(`/api/v1/households/${code}`)
      .set('Authorization', await as('coordinator'));
    const entries = (await handle
      .get()
      .deps.knex('audit_log')
      .select('actor', 'action', 'target', 'details')
      .where({ community_id: 'xianlin', target: `household:${code}`, action: 'household.personal_viewed' })) as { actor: string }[];
    expect(entries.map((entry) => entry.actor)).toContain(handle.get().demoUsers.get('coordinator'));
  });

  it('changes personal data, reseals it, and null removes an optional field', async () => {
    const code = handle.get().demoHouseholds[1] ?? '';
    const response = await handle
      .get()
      .http()
      .patch(`/api/v1/households/${code}`)
      .set('Authorization', await as('coordinator'))
      .send({ phone: '13900000000', idNumber: null });
    expect(response.status).toBe(200);
    expect(response.body.personal.phone).toBe('13900000000');
    expect(response.body.personal.idNumber).toBeUndefined();
    const row = (await handle.get().deps.knex('households').select('personal_sealed').where({ community_id: 'xianlin', code }).first()) as {
      personal_sealed: string;
    };
    expect(row.personal_sealed).not.toContain('13900000000');
  });

  it('refuses bad personal data with field problems', async () => {
    const response = await handle
      .get()
      .http()
      .post('/api/v1/households')
      .set('Authorization', await as('coordinator'))
      .set('Idempotency-Key', 'hh-bad-1')
      .send({ name: 'x'.repeat(101), address: '', phone: 'call me', size: 0, extra: 1 });
    expect(response.status).toBe(400);
    const pointers = (response.body.errors as { pointer: string }[]).map((error) => error.pointer).sort();
    expect(pointers).toEqual(['/address', '/extra', '/name', '/phone', '/size']);
  });

  it('refuses an empty change and a malformed code', async () => {
    const code = handle.get().demoHouseholds[1] ?? '';
    expect(
      (
        await handle
          .get()
          .http()
          .patch(`/api/v1/households/${code}`)
          .set('Authorization', await as('coordinator'))
          .send({})
      ).status,
    ).toBe(400);
    expect(
      (
        await handle
          .get()
          .http()
          .get('/api/v1/households/not-a-code')
          .set('Authorization', await as('coordinator'))
      ).status,
    ).toBe(400);
  });

  it('pages through households by code', async () => {
    const first = await handle
      .get()
      .http()
      .get('/api/v1/households?limit=1')
      .set('Authorization', await as('staff'));
    expect(first.body.items).toHaveLength(1);
    const second = await handle
      .get()
      .http()
      .get(`/api/v1/households?limit=1&after=${first.body.next}`)
      .set('Authorization', await as('staff'));
    expect(second.body.items[0].code > first.body.items[0].code).toBe(true);
  });
});

describe('household codes', () => {
  it('are random, not derived from the personal data', async () => {
    const { newHouseholdCode } = await import('../../src/random-ids.js');
    const codes = new Set(Array.from({ length: 200 }, () => newHouseholdCode()));
    expect(codes.size).toBeGreaterThan(195);
    for (const code of codes) expect(code).toMatch(/^HH-[0-9ABCDEFGHJKMNPQRSTVWXYZ]{5}$/);
  });
});
