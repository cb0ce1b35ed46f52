// An application's outcome, no login: the reference and secret given when applying open it; once
// accepted it says how to log in (with the one-time password until the applicant has changed it).
import { api, withQuery } from '../api.js';
import type { ApplicationStatusView } from '@linli/contract';
import { h, replaceChildren } from '../components/dom.js';
import { form } from '../components/form.js';
import { loadInto } from '../components/states.js';
import { facts } from '../components/table.js';
import { formatDateTime } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { appLink, pageHeader, section, type Page } from '../page.js';
import { statusPath } from './apply-page.js';

const referencePattern = /^ap-[0-9a-hjkmnp-tv-z]{10}$/;
const secretPattern = /^[A-Za-z0-9_-]{24}$/;

function outcome(view: ApplicationStatusView): HTMLElement {
  const rows: [string, string | HTMLElement][] = [
    [t('apply.reference'), view.reference],
    [t('apply.status'), t(`apply.status.${view.status}`)],
    [t('apply.sentAt'), formatDateTime(view.createdAt)],
  ];
  if (view.decidedAt !== null) rows.push([t('apply.decidedAt'), formatDateTime(view.decidedAt)]);
  if (view.declineReason !== null) rows.push([t('apply.declineReason'), view.declineReason]);
  const login = view.login;
  return h(
    'div',
    { class: 'receipt', 'data-result': `application-${view.status}` },
    h('h3', { tabindex: '-1' }, t(`apply.outcome.${view.status}`)),
    facts(rows),
    login === null
      ? null
      : h(
          'div',
          {},
          h('p', {}, t('apply.howToLogIn')),
          facts([
            [t('login.community'), h('code', {}, login.community)],
            [t('login.username'), h('code', { 'data-username': login.username }, login.username)],
            ...(login.oneTimePassword === null
              ? []
              : ([
                  [
                    t('oneTime.password'),
                    h('code', { class: 'one-time-password', 'data-one-time-password': login.oneTimePassword }, login.oneTimePassword),
                  ],
                ] as const)),
          ]),
          h('p', {}, login.oneTimePassword === null ? t('apply.passwordChanged') : t('apply.changeAtFirstLogin')),
          appLink(
            `/login?community=${encodeURIComponent(login.community)}&username=${encodeURIComponent(login.username)}`,
            t('shell.login'),
            'button button-primary',
          ),
        ),
  );
}

export const applicationStatusPage: Page = {
  path: '/apply/status',
  group: 'public',
  title: 'apply.statusTitle',
  access: 'public',
  inMenu: false,
  render: ({ main, signal, query, navigate }) => {
    const given = { community: query.get('community') ?? '', reference: query.get('reference') ?? '', secret: query.get('secret') ?? '' };
    const body = h('div', { 'aria-live': 'polite' });
    const chooser = form({
      id: 'application-status',
      fields: [
        { name: 'community', label: 'login.community', required: true, initial: given.community, autocomplete: 'off', maxLength: 64 },
        { name: 'reference', label: 'apply.reference', required: true, initial: given.reference, autocomplete: 'off', maxLength: 13 },
        { name: 'secret', label: 'apply.secret', required: true, initial: given.secret, autocomplete: 'off', maxLength: 24 },
      ],
      submitLabel: 'apply.showStatus',
      validate: (values) => ({
        ...(values['reference'] !== '' && !referencePattern.test(values['reference'] ?? '')
          ? { reference: t('apply.referenceInvalid') }
          : {}),
        ...(values['secret'] !== '' && !secretPattern.test(values['secret'] ?? '') ? { secret: t('apply.secretInvalid') } : {}),
      }),
      submit: async (values) => ({
        community: (values['community'] ?? '').toLowerCase(),
        reference: values['reference'] ?? '',
        secret: values['secret'] ?? '',
      }),
      done: (chosen) => navigate(statusPath(chosen)),
    });
    replaceChildren(main, pageHeader('apply.statusTitle', 'apply.statusIntro'), section(t('apply.statusFormTitle'), chooser.element), body);
    if (!referencePattern.test(given.reference) || !secretPattern.test(given.secret) || given.community === '') return;
    void loadInto(
      body,
      signal,
      () =>
        api<ApplicationStatusView>(
          withQuery(`/api/v1/public/applications/${encodeURIComponent(given.community)}/${encodeURIComponent(given.reference)}`, {
            secret: given.secret,
          }),
          { signal, anonymous: true },
        ),
      outcome,
    );
  },
};
