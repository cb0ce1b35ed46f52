// The tamper check: the api recomputes the journal's hash chain and says whether it holds or names
// the first entry that does not.
import { api } from '../api.js';
import type { TamperCheckView, VerifyView } from '@linli/contract';
import { h, replaceChildren } from '../components/dom.js';
import { loadInto } from '../components/states.js';
import { facts } from '../components/table.js';
import { formatCount, formatDateTime } from '../i18n/format.js';
import { isMessageKey, t } from '../i18n/i18n.js';
import { pageHeader, section, type Page } from '../page.js';

/** The ledger may name reasons this page does not know yet: those show their code. */
function reasonText(reason: string): string {
  const key = `verify.reason.${reason}`;
  return isMessageKey(key) ? t(key) : reason;
}

function verifyView(view: VerifyView): HTMLElement {
  if (view.ok) {
    return h(
      'div',
      { 'data-result': 'verify', 'data-ok': 'true' },
      h('p', { class: 'state state-ok' }, h('strong', {}, t('verify.ok'))),
      facts([
        [t('verify.transactions'), formatCount(view.transactions)],
        [t('verify.head'), h('code', { class: 'hash' }, view.head)],
      ]),
    );
  }
  return h(
    'div',
    { 'data-result': 'verify', 'data-ok': 'false' },
    h('p', { class: 'state state-error' }, h('strong', {}, t('verify.broken'))),
    facts([
      [t('verify.transactionsBefore'), formatCount(view.transactions)],
      [t('verify.firstBadSeq'), String(view.firstBad.seq)],
      [t('verify.firstBadId'), h('code', {}, view.firstBad.id)],
      [t('verify.reason'), reasonText(view.firstBad.reason)],
    ]),
  );
}

/** The schedule's last check (daily by the service, or \`linli verify\`): a failure shows here without running anything. */
function scheduledView(view: TamperCheckView): HTMLElement {
  if (!view.checked || view.checkedAt === null)
    return h('p', { class: 'state', 'data-result': 'scheduled', 'data-ok': 'unknown' }, t('verify.scheduled.never'));
  if (view.ok === true) {
    return h(
      'div',
      { 'data-result': 'scheduled', 'data-ok': 'true' },
      h('p', { class: 'state state-ok' }, t('verify.scheduled.ok')),
      facts([
        [t('verify.scheduled.checkedAt'), formatDateTime(view.checkedAt)],
        [t('verify.transactions'), formatCount(view.transactions ?? 0)],
      ]),
    );
  }
  const rows: [string, string | Node][] = [
    [t('verify.scheduled.checkedAt'), formatDateTime(view.checkedAt)],
    [t('verify.scheduled.lastOkAt'), view.lastOkAt === null ? '—' : formatDateTime(view.lastOkAt)],
  ];
  if (view.firstBad !== null)
    rows.push(
      [t('verify.firstBadSeq'), String(view.firstBad.seq)],
      [t('verify.firstBadId'), h('code', {}, view.firstBad.id)],
      [t('verify.reason'), reasonText(view.firstBad.reason)],
    );
  return h(
    'div',
    { 'data-result': 'scheduled', 'data-ok': 'false' },
    h('p', { class: 'state state-error', role: 'alert' }, h('strong', {}, t('verify.scheduled.failed'))),
    facts(rows),
  );
}

export const verifyPage: Page = {
  path: '/auditor/verify',
  group: 'auditor',
  title: 'verify.title',
  access: ['auditor', 'admin'],
  inMenu: true,
  render: ({ main, signal }) => {
    const body = h('div', {});
    const run = h('button', { type: 'button', class: 'button button-primary', 'data-action': 'verify' }, t('verify.run'));
    run.addEventListener('click', () => {
      run.disabled = true;
      void loadInto(body, signal, () => api<VerifyView>('/api/v1/audit/verify', { signal }), verifyView).finally(() => {
        run.disabled = false;
        body.querySelector<HTMLElement>('.state')?.setAttribute('tabindex', '-1');
        body.querySelector<HTMLElement>('.state')?.focus();
      });
    });
    const scheduled = h('div', {});
    replaceChildren(
      main,
      pageHeader('verify.title', 'verify.intro'),
      section(t('verify.scheduled.title'), scheduled),
      section(t('verify.runTitle'), h('div', { class: 'button-row' }, run), body),
    );
    void loadInto(scheduled, signal, () => api<TamperCheckView>('/api/v1/audit/tamper-check', { signal }), scheduledView);
  },
};
