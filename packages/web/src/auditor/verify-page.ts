// The tamper check: the api recomputes the journal's hash chain and says whether it holds or names
// the first entry that does not.
import { api } from '../api.js';
import type { VerifyView } from '../api-types.js';
import { h, replaceChildren } from '../components/dom.js';
import { loadInto } from '../components/states.js';
import { facts } from '../components/table.js';
import { formatCount } from '../i18n/format.js';
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
    replaceChildren(main, pageHeader('verify.title', 'verify.intro'), section(t('verify.runTitle'), h('div', { class: 'button-row' }, run), body));
  },
};
