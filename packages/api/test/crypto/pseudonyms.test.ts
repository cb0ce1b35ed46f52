// Pseudonyms are stable per person and community, differ between communities and keys, and are
// never the user id; answers to auditors carry them in place of every other user id.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/roles.js';
import { pseudonymizeUserIds } from '../../src/privacy/auditor-view.js';
import { newUserId } from '../../src/random-ids.js';
import { Pseudonyms, pseudonymPattern } from '../../src/crypto/pseudonyms.js';

const key = randomBytes(32);

describe('Pseudonyms', () => {
  it('gives a person one pseudonym per community, stable, of its own form, and another in each community and under each key', () => {
    const pseudonyms = new Pseudonyms(key);
    const userId = newUserId();
    const here = pseudonyms.person('xianlin', userId);
    expect(here).toMatch(pseudonymPattern);
    expect(new Pseudonyms(key).person('xianlin', userId)).toBe(here);
    expect(pseudonyms.person('gulou', userId)).not.toBe(here);
    expect(pseudonyms.person('xianlin', newUserId())).not.toBe(here);
    expect(new Pseudonyms(randomBytes(32)).person('xianlin', userId)).not.toBe(here);
    expect(here).not.toContain(userId.slice(2));
  });

  it('names a transfer by community, sender and key, under the current key first and each previous key after', () => {
    const previous = randomBytes(32);
    const ids = new Pseudonyms(key, [previous]).transferIds('xianlin', 'u-7q3k9x2m4b8c', 'key-1');
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(id).toMatch(/^xfer:[0-9a-f]{40}$/);
    expect(ids[0]).toBe(new Pseudonyms(key).transferIds('xianlin', 'u-7q3k9x2m4b8c', 'key-1')[0]);
    expect(ids[1]).toBe(new Pseudonyms(previous).transferIds('xianlin', 'u-7q3k9x2m4b8c', 'key-1')[0]);
    expect(new Pseudonyms(key).transferIds('xianlin', 'u-7q3k9x2m4b8c', 'key-2')[0]).not.toBe(ids[0]);
  });
});

describe('pseudonymizeUserIds', () => {
  it('replaces every user id but the auditor’s own, and nothing that only looks like one', () => {
    const pseudonyms = new Pseudonyms(key);
    const auditor: Principal = { userId: newUserId(), role: 'auditor', community: 'xianlin', tokenId: 't' };
    const member = newUserId();
    const text = JSON.stringify({
      account: `member/${member}/hours`,
      actor: auditor.userId,
      target: `user:${member}`,
      item: 'ITEM:u-disk',
      menu: `menu-${member.slice(2)}`,
    });
    const seen = JSON.parse(pseudonymizeUserIds(text, pseudonyms, auditor)) as Record<string, string>;
    expect(seen).toEqual({
      account: `member/${pseudonyms.person('xianlin', member)}/hours`,
      actor: auditor.userId,
      target: `user:${pseudonyms.person('xianlin', member)}`,
      item: 'ITEM:u-disk',
      menu: `menu-${member.slice(2)}`,
    });
  });
});
