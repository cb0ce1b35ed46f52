// Posting a service need (coordinators): what, for whom, who pays, skills, grid cell and place,
// when, how many volunteers and hours, how urgent; and the needs already posted.
import { api } from '../api.js';
import type { NeedView } from '@linli/contract';
import { h, replaceChildren } from '../components/dom.js';
import { form, type FormValues } from '../components/form.js';
import { pagedList } from '../components/paged-list.js';
import { dataTable } from '../components/table.js';
import { formatAmount, formatDateTime } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { appLink, pageHeader, section, type Page } from '../page.js';
import { urgencyText } from '../components/cost-parts.js';

const tagPattern = /^[a-z0-9][a-z0-9-]*$/;
const timePattern = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const metresPattern = /^-?[0-9]{1,7}$/;

/** "cooking, companionship" → ["cooking", "companionship"]; Chinese commas too. */
function tagsOf(text: string): string[] {
  return text
    .split(/[,，、\s]+/)
    .map((tag) => tag.trim().toLowerCase())
    .filter((tag) => tag !== '');
}

function needBody(values: FormValues): Record<string, unknown> {
  const date = values['date'] ?? '';
  const body: Record<string, unknown> = {
    title: values['title'],
    payer: values['payer'],
    skills: tagsOf(values['skills'] ?? ''),
    languages: tagsOf(values['languages'] ?? ''),
    gridCell: values['gridCell'],
    place: { eastM: Number(values['place/eastM'] || '0'), northM: Number(values['place/northM'] || '0') },
    // The community's clock (UTC+8), as the person at the screen means it.
    window: { start: `${date}T${values['start']}:00+08:00`, end: `${date}T${values['end']}:00+08:00` },
    slots: Number(values['slots']),
    hoursPerSlot: values['hoursPerSlot'],
    urgency: Number(values['urgency']),
  };
  if (values['requester'] !== '') body['requester'] = values['requester'];
  if (values['address'] !== '') body['address'] = values['address'];
  return body;
}

function validate(values: FormValues): Record<string, string | undefined> {
  const problems: Record<string, string | undefined> = {};
  for (const name of ['skills', 'languages'] as const)
    if (!tagsOf(values[name] ?? '').every((tag) => tagPattern.test(tag))) problems[name] = t('postNeed.tagsInvalid');
  for (const name of ['start', 'end'] as const) if (!timePattern.test(values[name] ?? '')) problems[name] = t('postNeed.timeInvalid');
  if (timePattern.test(values['start'] ?? '') && timePattern.test(values['end'] ?? '') && (values['end'] ?? '') <= (values['start'] ?? ''))
    problems['end'] = t('postNeed.endBeforeStart');
  for (const name of ['place/eastM', 'place/northM'] as const)
    if (values[name] !== '' && !metresPattern.test(values[name] ?? '')) problems[name] = t('form.integerInvalid');
  if (values['requester'] !== '' && !/^u-[a-z0-9]{1,62}$/.test(values['requester'] ?? ''))
    problems['requester'] = t('give.memberNumberInvalid');
  return problems;
}

export function needsTable(caption: string, needs: readonly NeedView[]): HTMLElement {
  return dataTable(
    caption,
    [
      {
        header: t('postNeed.titleField'),
        cell: (need: NeedView) => appLink(`/coordinator/matching?need=${encodeURIComponent(need.id)}`, need.title),
      },
      { header: t('postNeed.when'), cell: (need) => formatDateTime(need.window.start) },
      { header: t('postNeed.gridCell'), cell: (need) => need.gridCell },
      { header: t('postNeed.filled'), numeric: true, cell: (need) => `${need.confirmedSlots} / ${need.slots}` },
      { header: t('postNeed.hoursPerSlot'), numeric: true, cell: (need) => formatAmount(need.hoursPerSlot, 'HOUR') },
      { header: t('postNeed.status'), cell: (need) => t(`needStatus.${need.status}`) },
    ],
    needs,
  );
}

export const postNeedPage: Page = {
  path: '/coordinator/needs',
  group: 'coordinator',
  title: 'postNeed.title',
  access: ['coordinator', 'admin'],
  inMenu: true,
  render: ({ main, signal, navigate }) => {
    const list = h('div', {});
    const needForm = form({
      id: 'need-create',
      fields: [
        { name: 'title', label: 'postNeed.titleField', required: true, maxLength: 200 },
        { name: 'requester', label: 'postNeed.requester', hint: 'postNeed.requesterHint', autocomplete: 'off', maxLength: 64 },
        {
          name: 'payer',
          label: 'postNeed.payer',
          kind: 'radio',
          required: true,
          initial: 'requester',
          options: [
            { value: 'requester', label: t('postNeed.payerRequester') },
            { value: 'pool', label: t('postNeed.payerPool') },
          ],
        },
        { name: 'skills', label: 'postNeed.skills', hint: 'postNeed.skillsHint', maxLength: 200 },
        { name: 'languages', label: 'postNeed.languages', hint: 'postNeed.languagesHint', initial: 'zh', maxLength: 100 },
        { name: 'gridCell', label: 'postNeed.gridCell', hint: 'postNeed.gridCellHint', required: true, maxLength: 64 },
        { name: 'place/eastM', label: 'postNeed.east', kind: 'integer', hint: 'postNeed.placeHint', initial: '0' },
        { name: 'place/northM', label: 'postNeed.north', kind: 'integer', initial: '0' },
        { name: 'address', label: 'postNeed.address', hint: 'postNeed.addressHint', maxLength: 300 },
        { name: 'date', label: 'postNeed.date', kind: 'date', required: true },
        { name: 'start', label: 'postNeed.start', kind: 'time', required: true, initial: '09:00' },
        { name: 'end', label: 'postNeed.end', kind: 'time', required: true, initial: '11:00' },
        { name: 'slots', label: 'postNeed.slots', kind: 'integer', required: true, initial: '1' },
        { name: 'hoursPerSlot', label: 'postNeed.hoursPerSlot', kind: 'decimal', required: true, initial: '2.00' },
        {
          name: 'urgency',
          label: 'postNeed.urgency',
          kind: 'select',
          required: true,
          initial: '3',
          options: [1, 2, 3, 4, 5].map((level) => ({ value: String(level), label: urgencyText(level) })),
        },
      ],
      submitLabel: 'postNeed.submit',
      validate,
      submit: (values, submission) => {
        const body = needBody(values);
        return api<NeedView>('/api/v1/needs', { method: 'POST', body, idempotencyKey: submission.keyFor(body), signal });
      },
      done: (need) => navigate(`/coordinator/matching?need=${encodeURIComponent(need.id)}`),
    });
    replaceChildren(
      main,
      pageHeader('postNeed.title', 'postNeed.intro'),
      section(t('postNeed.formTitle'), needForm.element),
      section(t('postNeed.listTitle'), list),
    );
    pagedList<NeedView>(list, signal, {
      path: '/api/v1/needs',
      empty: t('postNeed.none'),
      render: (needs) => needsTable(t('postNeed.listCaption'), needs),
    });
  },
};
