// Lists page in byte order (collate "C") whatever the database's collation, so PGlite (C) and a
// PostgreSQL server (often en_US.UTF-8 or zh_CN.UTF-8) give the same pages: every row exactly
// once, none skipped or repeated at a page boundary.
//
// Both test databases here sort in byte order by default, which would hide the bug; so this file
// gives the key columns a language collation (ICU's root collation, on PostgreSQL and PGlite
// alike), as a server made with another locale would have, and first checks that a plain ORDER BY
// now differs from byte order.
import { expect, it } from 'vitest';
import { listUsers } from '../src/auth/users.js';
import { insertCommunity } from '../src/communities.js';
import { demoAccount, describeOnDatabases } from './test-support/test-app.js';

const community = 'order-test';
/** Keys that differ only in case, accents or CJK characters. */
const userIds = [
  'u-a',
  'u-A',
  'u-á',
  'u-à',
  'u-Á',
  'u-b',
  'u-B',
  'u-e',
  'u-é',
  'u-E',
  'u-z',
  'u-Z',
  'u-中',
  'u-仲',
  'u-中a',
  'u-一',
  'u-ä',
  'u-aa',
];
/** Catalogue codes the API accepts that differ only in punctuation: a language collation orders these otherwise. */
const itemCodes = ['order-a', 'order.a', 'order_a', 'ordera', 'order-b', 'order0', 'order_b', 'order.b', 'order9', 'orderb'];

const byteOrder = (values: readonly string[]) =>
  [...values].sort((left, right) => Buffer.compare(Buffer.from(left, 'utf8'), Buffer.from(right, 'utf8')));

describeOnDatabases('list order', (handle) => {
  /** Gives a column ICU's root collation and returns what a plain ORDER BY on it now gives. */
  async function languageCollation(table: string, column: string, where: Record<string, string>): Promise<string[]> {
    const { knex } = handle.get().deps;
    await knex.raw('alter table ?? alter column ?? type text collate "und-x-icu"', [table, column]);
    return ((await knex(table).select({ key: column }).where(where).orderBy(column)) as { key: string }[]).map((row) => row.key);
  }

  it('pages users whose ids differ only in case, accents or CJK, each once, in byte order', async () => {
    const { knex } = handle.get().deps;
    await insertCommunity(knex, { id: community, name: '排序测试社区', isDemo: false });
    for (const [index, id] of userIds.entries()) {
      await knex('users').insert({
        community_id: community,
        id,
        username: `order-user-${index}`,
        display_name: `排序 ${index}`,
        role: 'member',
        password_hash: 'not-a-login',
        is_demo: false,
      });
    }
    const plain = await languageCollation('users', 'id', { community_id: community });
    expect(plain, 'the language collation orders these ids otherwise than bytes').not.toEqual(byteOrder(userIds));

    for (const limit of [1, 2, 5]) {
      const seen: string[] = [];
      let after: string | undefined;
      for (let pages = 0; pages <= userIds.length; pages += 1) {
        const page = await listUsers(knex, community, { limit, after });
        seen.push(...page.map((user) => user.id));
        if (page.length < limit) break;
        after = page.at(-1)?.id;
      }
      expect(seen, `pages of ${limit}`).toEqual(byteOrder(userIds));
    }
  });

  it('pages the catalogue over HTTP, codes differing only in punctuation, each once, in byte order', async () => {
    const app = handle.get();
    const token = `Bearer ${await app.tokenFor(demoAccount('admin'))}`;
    for (const code of itemCodes) {
      const created = await app
        .http()
        .post('/api/v1/catalogue/items')
        .set('Authorization', token)
        .set('Idempotency-Key', `order-${code}`)
        .send({ code, name: `排序 ${code}`, scale: 0, unitPrice: '1.00' });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
    }
    const ours = (codes: readonly string[]) => codes.filter((code) => code.startsWith('order'));
    const plain = await languageCollation('catalogue_items', 'code', { community_id: 'xianlin' });
    expect(ours(plain), 'the language collation orders these codes otherwise than bytes').not.toEqual(byteOrder(itemCodes));

    for (const limit of [1, 3]) {
      const seen: string[] = [];
      let next: string | null = null;
      let pages = 0;
      do {
        const response = await app
          .http()
          .get(`/api/v1/catalogue/items?limit=${limit}${next === null ? '' : `&after=${encodeURIComponent(next)}`}`)
          .set('Authorization', token);
        expect(response.status).toBe(200);
        seen.push(...(response.body.items as { code: string }[]).map((item) => item.code));
        next = response.body.next as string | null;
        pages += 1;
      } while (next !== null && pages < 100);
      expect(ours(seen), `pages of ${limit}`).toEqual(byteOrder(itemCodes));
      expect(new Set(seen).size, 'no code twice').toBe(seen.length);
      expect(seen, 'the whole catalogue in byte order').toEqual(byteOrder(seen));
    }
  });
});
