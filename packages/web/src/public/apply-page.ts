// Apply to join a community, no login: name, phone, skills and consent to the privacy notice. The
// answer is a reference and a secret that open the status page, where the outcome appears.
import { api } from '../api.js';
import { privacyNoticeVersion, type ApplicationReceipt } from '@linli/contract';
import { h, replaceChildren } from '../components/dom.js';
import { form } from '../components/form.js';
import { facts } from '../components/table.js';
import { t } from '../i18n/i18n.js';
import { appLink, pageHeader, section, type Page } from '../page.js';

const communityPattern = /^[a-z0-9][a-z0-9-]{0,63}$/;
const phonePattern = /^\+?[0-9][0-9 -]{1,30}$/;
const skillPattern = /^[a-z0-9][a-z0-9-]*$/;
const skillsMax = 20;

/** Skills as typed, comma or space separated, in the api's form (lower case, dashes). */
export function skillsOf(text: string): string[] {
  return text
    .split(/[,，、\s]+/)
    .map((skill) => skill.trim().toLowerCase())
    .filter((skill) => skill !== '');
}

export function statusPath(receipt: { community: string; reference: string; secret: string }): string {
  return `/apply/status?community=${encodeURIComponent(receipt.community)}&reference=${encodeURIComponent(receipt.reference)}&secret=${encodeURIComponent(receipt.secret)}`;
}

export const applyPage: Page = {
  path: '/apply',
  group: 'public',
  title: 'apply.title',
  access: 'public',
  inMenu: true,
  render: ({ main, signal, query }) => {
    const result = h('div', { 'aria-live': 'polite' });
    const notice = h(
      'div',
      { class: 'notice', id: 'privacy-notice' },
      h('h3', {}, t('apply.noticeTitle')),
      h('p', {}, t('apply.noticeText')),
      h('p', {}, t('apply.noticeRights')),
    );
    const applyForm = form({
      id: 'apply',
      fields: [
        {
          name: 'community',
          label: 'login.community',
          hint: 'login.communityHint',
          required: true,
          initial: query.get('community') ?? '',
          autocomplete: 'off',
          maxLength: 64,
        },
        { name: 'name', label: 'apply.name', required: true, autocomplete: 'name', maxLength: 100 },
        { name: 'phone', label: 'apply.phone', kind: 'tel', required: true, autocomplete: 'tel', maxLength: 32 },
        { name: 'skills', label: 'apply.skills', hint: 'apply.skillsHint', maxLength: 400 },
        {
          name: 'consent',
          label: 'apply.consent',
          kind: 'radio',
          required: true,
          options: [{ value: 'yes', label: t('apply.consentYes') }],
        },
      ],
      submitLabel: 'apply.submit',
      validate: (values) => {
        const skills = skillsOf(values['skills'] ?? '');
        return {
          ...(values['community'] !== '' && !communityPattern.test((values['community'] ?? '').toLowerCase())
            ? { community: t('stats.communityInvalid') }
            : {}),
          ...(values['phone'] !== '' && !phonePattern.test(values['phone'] ?? '') ? { phone: t('apply.phoneInvalid') } : {}),
          ...(skills.length > skillsMax || skills.some((skill) => !skillPattern.test(skill) || skill.length > 32)
            ? { skills: t('apply.skillsInvalid') }
            : {}),
          ...(values['consent'] !== 'yes' ? { consent: t('apply.consentRequired') } : {}),
        };
      },
      submit: (values, submission) => {
        const body = {
          community: (values['community'] ?? '').toLowerCase(),
          name: values['name'],
          phone: values['phone'],
          skills: skillsOf(values['skills'] ?? ''),
          consent: true,
          consentNotice: privacyNoticeVersion,
        };
        return api<ApplicationReceipt>('/api/v1/public/applications', {
          method: 'POST',
          body,
          idempotencyKey: submission.keyFor(body),
          signal,
          anonymous: true,
        });
      },
      done: (receipt) => {
        replaceChildren(
          result,
          h(
            'div',
            { class: 'receipt', 'data-result': 'application' },
            h('h3', { tabindex: '-1' }, t('apply.sent')),
            facts([
              [t('apply.reference'), h('code', { 'data-reference': receipt.reference }, receipt.reference)],
              [t('apply.secret'), h('code', { 'data-secret': receipt.secret }, receipt.secret)],
            ]),
            h('p', {}, t('apply.keepThese')),
            appLink(statusPath(receipt), t('apply.statusLink'), 'button button-primary'),
          ),
        );
        result.querySelector<HTMLElement>('h3')?.focus();
      },
    });
    replaceChildren(
      main,
      pageHeader('apply.title', 'apply.intro'),
      section(t('apply.formTitle'), notice, applyForm.element, result),
      section(t('apply.statusTitle'), appLink('/apply/status', t('apply.statusLink'))),
    );
  },
};
