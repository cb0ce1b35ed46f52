import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyPassword } from '../../src/auth/password.js';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^scrypt\$1\$N=32768,r=8,p=1\$/);
    expect(stored).not.toContain('correct');
    await expect(verifyPassword('correct horse battery', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horse batterY', stored)).resolves.toBe(false);
  });

  it('salts each hash, so equal passwords give different hashes', async () => {
    expect(await hashPassword('same password 1')).not.toBe(await hashPassword('same password 1'));
  });

  it('treats composed and decomposed Unicode as the same password', async () => {
    const stored = await hashPassword('caf\u00e9-password');
    await expect(verifyPassword('cafe\u0301-password', stored)).resolves.toBe(true);
  });

  it('asks to rehash hashes made with weaker parameters', async () => {
    const weak = await hashPassword('weak parameters', { N: 2 ** 10, r: 8, p: 1 });
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash(await hashPassword('strong parameters'))).toBe(false);
  });

  it('refuses a stored hash asking for an absurd cost instead of running it', async () => {
    await expect(
      verifyPassword('x', 'scrypt$1$N=2097152,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'),
    ).rejects.toThrow(/out-of-range/);
  });
});
