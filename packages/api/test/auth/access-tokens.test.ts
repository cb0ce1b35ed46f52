import jwt from 'jsonwebtoken';
import { expect, it } from 'vitest';
import { accessTokenAudience, accessTokenIssuer } from '../../src/auth/access-tokens.js';
import { demoAccount, describeOnDatabases, otherAccount, testKeys } from '../test-support/test-app.js';

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describeOnDatabases('access tokens under attack', (handle) => {
  const me = (authorization: string | undefined) => {
    const request = handle.get().http().get('/api/v1/me');
    return authorization === undefined ? request : request.set('Authorization', authorization);
  };
  const claims = () => ({
    sub: handle.get().demoUsers.get('admin'),
    role: 'admin',
    community: 'xianlin',
    jti: 'test-jti',
    iss: accessTokenIssuer,
    aud: accessTokenAudience,
  });
  const forge = (payload: object, options: jwt.SignOptions = {}, secret: Buffer = testKeys.jwtSecret) =>
    jwt.sign(payload, secret, { algorithm: 'HS256', expiresIn: 60, ...options });

  it('accepts a correctly signed token (the forging itself is right)', async () => {
    expect((await me(`Bearer ${forge(claims())}`)).status).toBe(200);
  });

  it('answers no token with 401 unauthenticated and a WWW-Authenticate challenge', async () => {
    const response = await me(undefined);
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('unauthenticated');
    expect(response.headers['www-authenticate']).toBe('Bearer');
  });

  it('refuses alg "none"', async () => {
    const token = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims(), exp: Math.floor(Date.now() / 1000) + 60 })}.`;
    const response = await me(`Bearer ${token}`);
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('invalid_token');
  });

  it('refuses another HMAC algorithm than HS256, even with the right secret', async () => {
    expect((await me(`Bearer ${forge(claims(), { algorithm: 'HS512' })}`)).status).toBe(401);
  });

  it('refuses a token signed with another secret', async () => {
    expect((await me(`Bearer ${forge(claims(), {}, Buffer.from('another secret that is long enough to use'))}`)).status).toBe(401);
  });

  it('refuses an expired token with 401 token_expired', async () => {
    const token = jwt.sign({ ...claims(), exp: Math.floor(Date.now() / 1000) - 60 }, testKeys.jwtSecret, { algorithm: 'HS256' });
    const response = await me(`Bearer ${token}`);
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('token_expired');
  });

  it('refuses a token whose claims were changed after signing', async () => {
    const token = await handle.get().tokenFor(demoAccount('member'));
    const [header, payload, signature] = token.split('.');
    const changed = { ...(JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as object), role: 'admin' };
    const response = await me(`Bearer ${header}.${base64url(changed)}.${signature}`);
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('invalid_token');
  });

  it('refuses well-signed tokens with missing or unknown claims, or the wrong issuer or audience', async () => {
    const { community: _community, ...withoutCommunity } = claims();
    for (const token of [
      forge(withoutCommunity),
      forge({ ...claims(), role: 'superuser' }),
      forge({ ...claims(), iss: 'someone-else' }),
      forge({ ...claims(), aud: 'another-api' }),
    ]) {
      const response = await me(`Bearer ${token}`);
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('invalid_token');
    }
  });

  it('refuses malformed Authorization headers', async () => {
    for (const header of ['Basic YWRtaW46YWRtaW4=', 'Bearer', 'Bearer a b', `Bearer ${'a'.repeat(5_000)}`]) {
      expect((await me(header)).status).toBe(401);
    }
  });

  it("answers another community's resource as if it did not exist (404)", async () => {
    const code = handle.get().demoHouseholds[0] ?? '';
    const own = await handle
      .get()
      .http()
      .get(`/api/v1/households/${code}`)
      .set('Authorization', `Bearer ${await handle.get().tokenFor(demoAccount('coordinator'))}`);
    expect(own.status).toBe(200);
    const other = await handle
      .get()
      .http()
      .get(`/api/v1/households/${code}`)
      .set('Authorization', `Bearer ${await handle.get().tokenFor(otherAccount('coordinator'))}`);
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('not_found');
    const missing = await handle
      .get()
      .http()
      .get('/api/v1/households/HH-00000')
      .set('Authorization', `Bearer ${await handle.get().tokenFor(otherAccount('coordinator'))}`);
    expect(missing.body).toMatchObject({ status: other.body.status, code: other.body.code, title: other.body.title });
  });

  it('uses the community from the token: a forged claim for another community needs the secret', async () => {
    // With the secret (as the service itself), a token for gulou's admin id but xianlin's community
    // finds no user: the session check refuses it before any route runs.
    const token = forge({ ...claims(), sub: handle.get().otherUsers.get('admin') });
    const response = await me(`Bearer ${token}`);
    expect([response.status, response.body.code]).toEqual([401, 'session_ended']);
  });
});
