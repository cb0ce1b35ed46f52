import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Sealer, SealedDataError, dataKeyId } from '../../src/crypto/sealed.js';

describe('sealed personal data', () => {
  const key = randomBytes(32);
  const sealer = new Sealer(key);

  it('opens what it sealed, and the sealed text does not contain the plaintext', () => {
    const sealed = sealer.seal('王阿姨 13800000001', 'xianlin/households/HH-7Q3K9/personal');
    expect(sealed).not.toContain('13800000001');
    expect(sealer.open(sealed, 'xianlin/households/HH-7Q3K9/personal')).toBe('王阿姨 13800000001');
  });

  it('seals the same text differently each time (random nonce)', () => {
    expect(sealer.seal('same', 'c')).not.toBe(sealer.seal('same', 'c'));
  });

  it('refuses a value moved to another context', () => {
    const sealed = sealer.seal('secret', 'xianlin/households/HH-AAAAA/personal');
    expect(() => sealer.open(sealed, 'xianlin/households/HH-BBBBB/personal')).toThrow(SealedDataError);
  });

  it('refuses an altered value', () => {
    const sealed = sealer.seal('secret', 'c');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3] ?? '', 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    parts[3] = body.toString('base64url');
    expect(() => sealer.open(parts.join('.'), 'c')).toThrow(SealedDataError);
  });

  it('opens values sealed with a previous key after rotation, and says they need resealing', () => {
    const oldKey = randomBytes(32);
    const sealedWithOld = new Sealer(oldKey).seal('old', 'c');
    const rotated = new Sealer(key, [oldKey]);
    expect(rotated.open(sealedWithOld, 'c')).toBe('old');
    expect(rotated.needsReseal(sealedWithOld)).toBe(true);
    expect(rotated.needsReseal(rotated.seal('new', 'c'))).toBe(false);
    expect(() => sealer.open(sealedWithOld, 'c')).toThrow(/does not hold/);
  });

  it('derives a key id that does not reveal the key', () => {
    expect(dataKeyId(key)).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(key.toString('base64url')).not.toContain(dataKeyId(key));
  });
});
