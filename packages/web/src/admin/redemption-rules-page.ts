// The community's redemption rules (admins): love points per unit of each item and its monthly
// quota per household, and whether banked hours may pay for goods (after how many hours, up to
// what share, at how many points an hour). The api takes the whole set at once (PUT).
import { api } from '../api.js';
import type { RedemptionRulesView } from '@linli/contract';
import { h, replaceChildren } from '../components/dom.js';
import { groupFields } from '../components/field-group.js';
import { form, type FieldSpec, type FormValues } from '../components/form.js';
import { loadInto } from '../components/states.js';
import { t } from '../i18n/i18n.js';
import { pageHeader, section, type Page } from '../page.js';

/** Empty rows offered below the existing rules, for new items. */
const blankRows = 3;
const itemCodePattern = /^[a-z0-9][a-z0-9._-]{0,62}$/;
const pointsPattern = /^(0|[1-9][0-9]{0,8})$/;
const quotaPattern = /^(0|[1-9][0-9]{0,8})(\.[0-9]{1,3})?$/;
const bankedHoursPattern = /^(0|[1-9][0-9]{0,5})(\.[0-9]{1,2})?$/;
const sharePattern = /^(0\.[0-9]{1,4}|1(\.0{1,4})?)$/;
const pointsPerHourPattern = /^[1-9][0-9]{0,5}$/;

function ruleFields(rules: RedemptionRulesView): { fields: FieldSpec[]; rows: number } {
  const rows = rules.items.length + blankRows;
  const fields: FieldSpec[] = [
    {
      name: 'hours/enabled',
      label: 'rules.hoursEnabled',
      kind: 'radio',
      required: true,
      initial: rules.hours.enabled ? 'true' : 'false',
      options: [
        { value: 'true', label: t('rules.yes') },
        { value: 'false', label: t('rules.no') },
      ],
    },
    {
      name: 'hours/minBankedHours',
      label: 'rules.minBankedHours',
      kind: 'decimal',
      required: true,
      hint: 'rules.minBankedHoursHint',
      initial: rules.hours.minBankedHours,
    },
    {
      name: 'hours/maxShare',
      label: 'rules.maxShare',
      kind: 'decimal',
      required: true,
      hint: 'rules.maxShareHint',
      initial: rules.hours.maxShare,
    },
    { name: 'hours/pointsPerHour', label: 'rules.pointsPerHour', kind: 'integer', required: true, initial: rules.hours.pointsPerHour },
  ];
  for (let index = 0; index < rows; index += 1) {
    const rule = rules.items[index];
    const number = String(index + 1);
    fields.push(
      {
        name: `items/${index}/item`,
        label: 'items.item',
        labelText: t('rules.itemN', { n: number }),
        autocomplete: 'off',
        maxLength: 63,
        initial: rule?.item ?? '',
      },
      {
        name: `items/${index}/pointsPerUnit`,
        label: 'rules.pointsPerUnit',
        labelText: t('rules.pointsPerUnitN', { n: number }),
        kind: 'integer',
        initial: rule?.pointsPerUnit ?? '',
      },
      {
        name: `items/${index}/monthlyQuota`,
        label: 'rules.monthlyQuota',
        labelText: t('rules.monthlyQuotaN', { n: number }),
        kind: 'decimal',
        initial: rule?.monthlyQuota ?? '',
      },
    );
  }
  return { fields, rows };
}

function rulesBody(values: FormValues, rows: number): RedemptionRulesView {
  const items: RedemptionRulesView['items'] = [];
  for (let index = 0; index < rows; index += 1) {
    const item = values[`items/${index}/item`] ?? '';
    if (item === '') continue;
    const quota = values[`items/${index}/monthlyQuota`] ?? '';
    items.push({ item, pointsPerUnit: values[`items/${index}/pointsPerUnit`] ?? '', monthlyQuota: quota === '' ? null : quota });
  }
  return {
    items,
    hours: {
      enabled: values['hours/enabled'] === 'true',
      minBankedHours: values['hours/minBankedHours'] ?? '',
      maxShare: values['hours/maxShare'] ?? '',
      pointsPerHour: values['hours/pointsPerHour'] ?? '',
    },
  };
}

function validateRules(values: FormValues, rows: number): Record<string, string> {
  const problems: Record<string, string> = {};
  if (values['hours/minBankedHours'] !== '' && !bankedHoursPattern.test(values['hours/minBankedHours'] ?? ''))
    problems['hours/minBankedHours'] = t('rules.minBankedHoursInvalid');
  if (
    values['hours/maxShare'] !== '' &&
    (!sharePattern.test(values['hours/maxShare'] ?? '') || /^0\.0+$/.test(values['hours/maxShare'] ?? ''))
  )
    problems['hours/maxShare'] = t('rules.maxShareInvalid');
  if (values['hours/pointsPerHour'] !== '' && !pointsPerHourPattern.test(values['hours/pointsPerHour'] ?? ''))
    problems['hours/pointsPerHour'] = t('rules.pointsPerHourInvalid');
  const seen = new Set<string>();
  for (let index = 0; index < rows; index += 1) {
    const item = values[`items/${index}/item`] ?? '';
    const points = values[`items/${index}/pointsPerUnit`] ?? '';
    const quota = values[`items/${index}/monthlyQuota`] ?? '';
    if (item === '') {
      if (points !== '' || quota !== '') problems[`items/${index}/item`] = t('form.required');
      continue;
    }
    if (!itemCodePattern.test(item)) problems[`items/${index}/item`] = t('catalogue.codeInvalid');
    else if (seen.has(item)) problems[`items/${index}/item`] = t('rules.itemTwice');
    seen.add(item);
    if (points === '') problems[`items/${index}/pointsPerUnit`] = t('form.required');
    else if (!pointsPattern.test(points)) problems[`items/${index}/pointsPerUnit`] = t('form.integerInvalid');
    if (quota !== '' && !quotaPattern.test(quota)) problems[`items/${index}/monthlyQuota`] = t('rules.quotaInvalid');
  }
  return problems;
}

export const redemptionRulesPage: Page = {
  path: '/admin/redemption-rules',
  group: 'admin',
  title: 'rules.title',
  access: ['admin'],
  inMenu: true,
  render: ({ main, signal }) => {
    const area = h('div', {});
    const result = h('div', { 'aria-live': 'polite' });
    replaceChildren(main, pageHeader('rules.title', 'rules.intro'), section(t('rules.formTitle'), area, result));
    const draw = (rules: RedemptionRulesView): HTMLElement => {
      const { fields, rows } = ruleFields(rules);
      const rulesForm = form({
        id: 'redemption-rules',
        fields,
        submitLabel: 'rules.submit',
        validate: (values) => validateRules(values, rows),
        // A PUT replaces the whole set and is idempotent by itself: no Idempotency-Key.
        submit: (values) =>
          api<RedemptionRulesView>('/api/v1/admin/redemption-rules', { method: 'PUT', body: rulesBody(values, rows), signal }),
        done: (saved) => {
          replaceChildren(area, draw(saved));
          replaceChildren(
            result,
            h(
              'p',
              { class: 'state state-ok', role: 'status', 'data-result': 'rules-saved' },
              t('rules.saved', { count: String(saved.items.length) }),
            ),
          );
        },
      });
      groupFields(rulesForm.element, t('rules.hoursTitle'), undefined, [
        ['hours/enabled'],
        ['hours/minBankedHours', 'hours/maxShare', 'hours/pointsPerHour'],
      ]);
      groupFields(
        rulesForm.element,
        t('rules.itemsTitle'),
        t('rules.itemsHint'),
        Array.from({ length: rows }, (_, index) => [`items/${index}/item`, `items/${index}/pointsPerUnit`, `items/${index}/monthlyQuota`]),
      );
      return rulesForm.element;
    };
    void loadInto(area, signal, () => api<RedemptionRulesView>('/api/v1/admin/redemption-rules', { signal }), draw);
  },
};
