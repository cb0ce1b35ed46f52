import { expect, it } from 'vitest';
import { demoAccount, describeOnDatabases } from '../test-support/test-app.js';

describeOnDatabases('members', (handle) => {
  const as = async (role: 'coordinator' | 'admin') => `Bearer ${await handle.get().tokenFor(demoAccount(role))}`;

  it('registers a member who can then log in; the phone is sealed in the table', async () => {
    const body = {
      username: 'sun-xiaohong',
      displayName: '孙小红',
      password: 'volunteer password 1',
      phone: '13700001111',
      languages: ['zh'],
      skills: ['cooking'],
    };
    const response = await handle
      .get()
      .http()
      .post('/api/v1/members')
      .set('Authorization', await as('coordinator'))
      .set('Idempotency-Key', 'member-1')
      .send(body);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      username: 'sun-xiaohong',
      displayName: '孙小红',
      phone: '13700001111',
      languages: ['zh'],
      skills: ['cooking'],
      isDemo: false,
      disabled: false,
    });
    const profile = await handle
      .get()
      .deps.knex('member_profiles')
      .select('*')
      .where({ community_id: 'xianlin', user_id: response.body.id })
      .first();
    expect(JSON.stringify(profile)).not.toContain('13700001111');
    const login = await handle
      .get()
      .http()
      .post('/api/v1/auth/login')
      .send({ community: 'xianlin', username: 'sun-xiaohong', password: 'volunteer password 1' });
    expect(login.status).toBe(200);
    expect(login.body.user.role).toBe('member');
    const audit = await handle
      .get()
      .deps.knex('audit_log')
      .select('action', 'details')
      .where({ community_id: 'xianlin', target: `user:${response.body.id}` });
    expect(audit).toEqual([{ action: 'member.created', details: { username: 'sun-xiaohong' } }]);
  });

  it('refuses a taken username with 409 and a short password with 400', async () => {
    const taken = await handle
      .get()
      .http()
      .post('/api/v1/members')
      .set('Authorization', await as('coordinator'))
      .set('Idempotency-Key', 'member-2')
      .send({ username: 'wang-ayi', displayName: '王阿姨', password: 'volunteer password 1' });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('username_taken');
    const short = await handle
      .get()
      .http()
      .post('/api/v1/members')
      .set('Authorization', await as('coordinator'))
      .set('Idempotency-Key', 'member-3')
      .send({ username: 'short-pw', displayName: '短', password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.errors[0].pointer).toBe('/password');
  });

  it('lists members with their profiles, not other roles', async () => {
    const response = await handle
      .get()
      .http()
      .get('/api/v1/members?limit=100')
      .set('Authorization', await as('admin'));
    expect(response.status).toBe(200);
    const names = (response.body.items as { displayName: string }[]).map((member) => member.displayName);
    expect(names).toEqual(expect.arrayContaining(['王阿姨', '李师傅', '张小明']));
    expect(names).not.toContain('刘社工');
    const wang = (response.body.items as { displayName: string; phone: string | null }[]).find((member) => member.displayName === '王阿姨');
    expect(wang?.phone).toBe('13800000002');
  });

  it('answers 404 for a user who is not a member', async () => {
    const response = await handle
      .get()
      .http()
      .get(`/api/v1/members/${handle.get().demoUsers.get('staff')}`)
      .set('Authorization', await as('coordinator'));
    expect(response.status).toBe(404);
  });

  it('updates a profile and removes the phone with null', async () => {
    const id = handle.get().demoUsers.get('zhao-daye') ?? '';
    const response = await handle
      .get()
      .http()
      .patch(`/api/v1/members/${id}`)
      .set('Authorization', await as('coordinator'))
      .send({ phone: '13600002222', skills: ['escort', 'chess', 'calligraphy'] });
    expect(response.body).toMatchObject({ phone: '13600002222', skills: ['escort', 'chess', 'calligraphy'] });
    const cleared = await handle
      .get()
      .http()
      .patch(`/api/v1/members/${id}`)
      .set('Authorization', await as('coordinator'))
      .send({ phone: null });
    expect(cleared.body.phone).toBeNull();
  });
});
