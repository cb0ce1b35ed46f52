// Members (coordinators, admins): the community's volunteers with their skills and languages;
// registering a volunteer, changing one (name, phone, languages, skills), and a link to complete
// the matching profile of one who cannot do it themself.
import { api } from '../api.js';
import type { MemberView } from '@linli/contract';
import { h, replaceChildren } from '../components/dom.js';
import { form, type FormValues } from '../components/form.js';
import { pagedList } from '../components/paged-list.js';
import { dataTable, facts } from '../components/table.js';
import { formatCount } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { appLink, pageHeader, section, type Page } from '../page.js';
import { memberNumberPattern } from '../volunteer/transfer-page.js';

const usernamePattern = /^[a-z0-9][a-z0-9._-]{1,63}$/;
const tagPattern = /^[a-z0-9][a-z0-9-]{0,31}$/;
const phonePattern = /^\+?[0-9][0-9 -]{1,30}$/;
/** The api's limits: 20 tags per list, passwords of at least 12 characters. */
const tagsMax = 20;
const passwordLengthMin = 12;

/** "zh, en" or "zh、en" → ["zh", "en"]. */
function tagList(text: string): string[] {
  return text
    .split(/[\s,，、;；]+/)
    .map((tag) => tag.trim().toLowerCase())
    .filter((tag) => tag !== '');
}

function validateTags(values: FormValues, names: readonly string[]): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const name of names) {
    const tags = tagList(values[name] ?? '');
    if (tags.length > tagsMax || tags.some((tag) => !tagPattern.test(tag))) problems[name] = t('members.tagsInvalid');
  }
  return problems;
}

function memberResult(member: MemberView, heading: string): HTMLElement {
  return h(
    'div',
    { class: 'receipt', 'data-result': 'member' },
    h('h3', { tabindex: '-1' }, heading),
    facts([
      [t('members.name'), member.displayName],
      [t('users.number'), h('code', {}, member.id)],
      [t('members.skills'), member.skills.join('、') || '—'],
      [t('members.languages'), member.languages.join('、') || '—'],
      [t('members.phone'), member.phone ?? '—'],
    ]),
    h('p', {}, appLink(`/coordinator/volunteer-profile?member=${encodeURIComponent(member.id)}`, t('members.completeProfile'))),
  );
}

export const membersPage: Page = {
  path: '/coordinator/members',
  group: 'coordinator',
  title: 'members.title',
  access: ['coordinator', 'admin'],
  inMenu: true,
  render: ({ main, signal }) => {
    const list = h('div', {});
    const createResult = h('div', { 'aria-live': 'polite' });
    const changeResult = h('div', { 'aria-live': 'polite' });
    const showList = (): void =>
      pagedList<MemberView>(list, signal, {
        path: '/api/v1/members',
        empty: t('members.empty'),
        render: (items) =>
          dataTable(
            t('members.listCaption', { count: formatCount(items.length) }),
            [
              { header: t('members.name'), cell: (row: MemberView) => row.displayName },
              { header: t('members.username'), cell: (row) => row.username },
              { header: t('users.number'), cell: (row) => h('code', {}, row.id) },
              { header: t('members.skills'), cell: (row) => (row.skills.length === 0 ? '—' : row.skills.join('、')) },
              { header: t('members.languages'), cell: (row) => (row.languages.length === 0 ? '—' : row.languages.join('、')) },
              { header: t('members.phone'), cell: (row) => row.phone ?? '—' },
              { header: t('members.status'), cell: (row) => (row.disabled ? t('members.disabled') : t('members.active')) },
              {
                header: t('members.profile'),
                cell: (row) =>
                  appLink(
                    `/coordinator/volunteer-profile?member=${encodeURIComponent(row.id)}`,
                    t('members.completeProfileFor', { name: row.displayName }),
                  ),
              },
            ],
            items,
          ),
      });
    const createForm = form({
      id: 'member-create',
      fields: [
        { name: 'displayName', label: 'members.name', required: true, maxLength: 100 },
        { name: 'username', label: 'users.username', required: true, hint: 'users.usernameHint', autocomplete: 'off', maxLength: 64 },
        {
          name: 'password',
          label: 'users.password',
          kind: 'password',
          required: true,
          hint: 'users.passwordHint',
          autocomplete: 'new-password',
        },
        { name: 'phone', label: 'members.phoneOptional', kind: 'tel', autocomplete: 'off', maxLength: 32 },
        { name: 'languages', label: 'members.languages', hint: 'members.languagesHint', autocomplete: 'off' },
        { name: 'skills', label: 'members.skills', hint: 'members.skillsHint', autocomplete: 'off' },
      ],
      submitLabel: 'members.create',
      validate: (values) => ({
        ...validateTags(values, ['languages', 'skills']),
        ...(values['username'] !== '' && !usernamePattern.test(values['username'] ?? '') ? { username: t('users.usernameInvalid') } : {}),
        ...(values['password'] !== '' && (values['password'] ?? '').length < passwordLengthMin
          ? { password: t('users.passwordShort') }
          : {}),
        ...(values['phone'] !== '' && !phonePattern.test(values['phone'] ?? '') ? { phone: t('members.phoneInvalid') } : {}),
      }),
      submit: (values, submission) => {
        const body: Record<string, unknown> = {
          username: values['username'],
          displayName: values['displayName'],
          password: values['password'],
          languages: tagList(values['languages'] ?? ''),
          skills: tagList(values['skills'] ?? ''),
        };
        if (values['phone'] !== '') body['phone'] = values['phone'];
        return api<MemberView>('/api/v1/members', { method: 'POST', body, idempotencyKey: submission.keyFor(body), signal });
      },
      done: (member, handle) => {
        handle.setValue('password', '');
        replaceChildren(createResult, memberResult(member, t('members.created')));
        createResult.querySelector<HTMLElement>('h3')?.focus();
        showList();
      },
    });
    const changeForm = form({
      id: 'member-change',
      fields: [
        { name: 'userId', label: 'users.number', required: true, hint: 'users.numberHint', autocomplete: 'off', maxLength: 64 },
        { name: 'displayName', label: 'members.name', hint: 'users.keepIfEmpty', maxLength: 100 },
        { name: 'phone', label: 'members.phoneOptional', kind: 'tel', hint: 'members.phoneChangeHint', autocomplete: 'off', maxLength: 32 },
        { name: 'languages', label: 'members.languages', hint: 'members.tagsChangeHint', autocomplete: 'off' },
        { name: 'skills', label: 'members.skills', hint: 'members.tagsChangeHint', autocomplete: 'off' },
      ],
      submitLabel: 'users.change',
      validate: (values) => {
        const problems: Record<string, string> = validateTags(values, ['languages', 'skills']);
        if (values['userId'] !== '' && !memberNumberPattern.test(values['userId'] ?? ''))
          problems['userId'] = t('give.memberNumberInvalid');
        const phone = values['phone'] ?? '';
        if (phone !== '' && phone !== '-' && !phonePattern.test(phone)) problems['phone'] = t('members.phoneInvalid');
        if (['displayName', 'phone', 'languages', 'skills'].every((name) => values[name] === ''))
          problems['displayName'] = t('users.nothingToChange');
        return problems;
      },
      submit: (values) => {
        const body: Record<string, unknown> = {};
        if (values['displayName'] !== '') body['displayName'] = values['displayName'];
        // A single dash removes the phone (the api's `phone: null`).
        if (values['phone'] !== '') body['phone'] = values['phone'] === '-' ? null : values['phone'];
        if (values['languages'] !== '') body['languages'] = tagList(values['languages'] ?? '');
        if (values['skills'] !== '') body['skills'] = tagList(values['skills'] ?? '');
        return api<MemberView>(`/api/v1/members/${encodeURIComponent(values['userId'] ?? '')}`, { method: 'PATCH', body, signal });
      },
      done: (member) => {
        replaceChildren(changeResult, memberResult(member, t('members.changed')));
        changeResult.querySelector<HTMLElement>('h3')?.focus();
        showList();
      },
    });
    for (const [handle, result] of [
      [createForm, createResult],
      [changeForm, changeResult],
    ] as const)
      handle.element.addEventListener('submit', () => replaceChildren(result));
    replaceChildren(
      main,
      pageHeader('members.title', 'members.intro'),
      section(t('members.listTitle'), list),
      section(t('members.createTitle'), createForm.element, createResult),
      section(t('members.changeTitle'), changeForm.element, changeResult),
    );
    showList();
  },
};
