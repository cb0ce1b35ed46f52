// My volunteer profile, as matching reads it: skills with levels, certificates, home grid cell
// and place, how far I travel, when I am free each week and my weekly hour cap.
//
// The api takes the profile whole (PUT) and has no route to read it back yet, so the page shows
// "not available yet" for the stored profile and starts the form with what was last saved from
// this browser tab (sessionStorage: gone when the tab closes, like the login).
import { api, isRouteMissing } from '../api.js';
import type { VolunteerProfileInput } from '../api-types.js';
import { h, replaceChildren } from '../components/dom.js';
import { groupFields } from '../components/field-group.js';
import { form, type FieldSpec, type FormValues } from '../components/form.js';
import { notAvailableState } from '../components/states.js';
import { facts } from '../components/table.js';
import { formatAmount } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { pageHeader, section, type Page, type PageContext } from '../page.js';
import { memberNumberPattern } from './transfer-page.js';

const weekdays = [1, 2, 3, 4, 5, 6, 7] as const;
const skillPattern = /^[a-z0-9][a-z0-9-]{0,31}$/;
const metresPattern = /^-?(0|[1-9][0-9]{0,6})$/;
const radiusPattern = /^(0|[1-9][0-9]{0,3})$/;
const hourCapPattern = /^(0|[1-9][0-9]?)(\.[0-9]{1,2})?$/;
const timePattern = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const certificatePattern = /^(.{1,64}?)\s+(\d{4}-\d{2}-\d{2})$/;
/** The api's limits: 32 skills, 32 certificates. */
const listMax = 32;

function storageKey(userId: string): string {
  return `linli.profile:${userId}`;
}

function savedValues(userId: string): FormValues | undefined {
  try {
    const text = sessionStorage.getItem(storageKey(userId));
    return text === null ? undefined : (JSON.parse(text) as FormValues);
  } catch {
    return undefined;
  }
}

function remember(userId: string, values: FormValues): void {
  try {
    sessionStorage.setItem(storageKey(userId), JSON.stringify(values));
  } catch {
    // Not kept: the form starts empty after a reload.
  }
}

function lines(text: string): string[] {
  return text
    .split(/[\n,，、]/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** "cooking 2" → { skill, level }; a skill without a level is level 1. */
function parseSkill(line: string): { skill: string; level: 1 | 2 | 3 } | undefined {
  const match = /^(\S+)(?:\s+([123]))?$/.exec(line);
  if (match === null || !skillPattern.test(match[1] ?? '')) return undefined;
  return { skill: match[1] ?? '', level: Number(match[2] ?? '1') as 1 | 2 | 3 };
}

function minutes(time: string): number {
  const [hours, mins] = time.split(':');
  return Number(hours) * 60 + Number(mins);
}

export function profileBody(values: FormValues): VolunteerProfileInput {
  return {
    skills: lines(values['skills'] ?? '').flatMap((line) => parseSkill(line) ?? []),
    certificates: (values['certificates'] ?? '')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .flatMap((line) => {
        const match = certificatePattern.exec(line);
        return match === null ? [] : [{ name: (match[1] ?? '').trim(), expiresOn: match[2] ?? '' }];
      }),
    gridCell: values['gridCell'] ?? '',
    place: { eastM: Number(values['place/eastM']), northM: Number(values['place/northM']) },
    travelRadiusM: Number(values['travelRadiusM']),
    weeklyAvailability: weekdays.flatMap((day) => {
      const start = values[`free/${day}/start`] ?? '';
      const end = values[`free/${day}/end`] ?? '';
      return start === '' || end === '' ? [] : [{ weekday: day, startMinute: minutes(start), endMinute: end === '00:00' ? 1440 : minutes(end) }];
    }),
    weeklyHourCap: values['weeklyHourCap'] ?? '',
  };
}

function validate(values: FormValues): Record<string, string> {
  const problems: Record<string, string> = {};
  const skills = lines(values['skills'] ?? '');
  if (skills.length > listMax || skills.some((line) => parseSkill(line) === undefined)) problems['skills'] = t('profile.skillsInvalid');
  const certificates = (values['certificates'] ?? '').split('\n').filter((line) => line.trim() !== '');
  if (certificates.length > listMax || certificates.some((line) => !certificatePattern.test(line.trim()))) problems['certificates'] = t('profile.certificatesInvalid');
  for (const name of ['place/eastM', 'place/northM']) if (values[name] !== '' && !metresPattern.test(values[name] ?? '')) problems[name] = t('profile.metresInvalid');
  if (values['travelRadiusM'] !== '' && (!radiusPattern.test(values['travelRadiusM'] ?? '') || Number(values['travelRadiusM']) > 5000)) problems['travelRadiusM'] = t('profile.radiusInvalid');
  if (values['weeklyHourCap'] !== '' && !hourCapPattern.test(values['weeklyHourCap'] ?? '')) problems['weeklyHourCap'] = t('profile.hourCapInvalid');
  for (const day of weekdays) {
    const start = values[`free/${day}/start`] ?? '';
    const end = values[`free/${day}/end`] ?? '';
    if (start === '' && end === '') continue;
    if (!timePattern.test(start) || !timePattern.test(end)) problems[start === '' || !timePattern.test(start) ? `free/${day}/start` : `free/${day}/end`] = t('profile.timeInvalid');
    else if (end !== '00:00' && minutes(end) <= minutes(start)) problems[`free/${day}/end`] = t('profile.endBeforeStart');
  }
  return problems;
}

function availabilityFields(): FieldSpec[] {
  return weekdays.flatMap((day): FieldSpec[] => {
    const dayName = t(`weekday.${day}`);
    return [
      { name: `free/${day}/start`, label: 'profile.from', labelText: t('profile.fromDay', { day: dayName }), kind: 'time' },
      { name: `free/${day}/end`, label: 'profile.until', labelText: t('profile.untilDay', { day: dayName }), kind: 'time' },
    ];
  });
}

/**
 * The form for one volunteer: the member themself (their own number, the last save kept in the
 * tab), or a coordinator for a member without a phone (the member's number as a field).
 */
function renderProfile({ main, signal, user, query }: PageContext, forMember: boolean): void {
  const ownId = user?.id ?? '';
  const stored = h('div', {});
  const result = h('div', { 'aria-live': 'polite' });
  const saved = forMember ? undefined : savedValues(ownId);
  const target = (values: FormValues): string => (forMember ? (values['member'] ?? '') : ownId);
  const profileForm = form({
    id: forMember ? 'volunteer-profile-for' : 'volunteer-profile',
    fields: [
      ...(forMember ? [{ name: 'member', label: 'profile.member', required: true, hint: 'give.memberNumberHint', autocomplete: 'off', maxLength: 64, initial: query.get('member') ?? '' } satisfies FieldSpec] : []),
      { name: 'skills', label: 'profile.skills', kind: 'textarea', hint: 'profile.skillsHint', initial: saved?.['skills'] },
      { name: 'certificates', label: 'profile.certificates', kind: 'textarea', hint: 'profile.certificatesHint', initial: saved?.['certificates'] },
      { name: 'gridCell', label: 'profile.gridCell', required: true, hint: 'profile.gridCellHint', maxLength: 64, initial: saved?.['gridCell'] },
      { name: 'place/eastM', label: 'profile.eastM', required: true, hint: 'profile.placeHint', initial: saved?.['place/eastM'] },
      { name: 'place/northM', label: 'profile.northM', required: true, initial: saved?.['place/northM'] },
      { name: 'travelRadiusM', label: 'profile.radius', kind: 'integer', required: true, hint: 'profile.radiusHint', initial: saved?.['travelRadiusM'] ?? '1000' },
      ...availabilityFields().map((spec) => ({ ...spec, initial: saved?.[spec.name] })),
      { name: 'weeklyHourCap', label: 'profile.hourCap', kind: 'decimal', required: true, hint: 'profile.hourCapHint', initial: saved?.['weeklyHourCap'] ?? '6' },
    ],
    submitLabel: 'profile.submit',
    keepDraft: true,
    validate: (values) => ({ ...validate(values), ...(forMember && values['member'] !== '' && !memberNumberPattern.test(values['member'] ?? '') ? { member: t('give.memberNumberInvalid') } : {}) }),
    submit: (values) =>
      api<{ userId: string; gridCell: string }>(`/api/v1/volunteers/${encodeURIComponent(target(values))}/profile`, { method: 'PUT', body: profileBody(values), signal }).then((answer) => ({ answer, values })),
    done: ({ answer, values }) => {
      if (!forMember) remember(ownId, values);
      const body = profileBody(values);
      replaceChildren(
        result,
        h(
          'div',
          { class: 'receipt', 'data-result': 'profile' },
          h('h3', { tabindex: '-1' }, t('profile.saved')),
          facts([
            ...(forMember ? [[t('profile.member'), answer.userId] as const] : []),
            [t('profile.gridCell'), answer.gridCell],
            [t('profile.skills'), body.skills.length === 0 ? '—' : body.skills.map((entry) => `${entry.skill} ${entry.level}`).join('、')],
            [t('profile.availabilityTitle'), t('profile.daysFree', { count: String(body.weeklyAvailability.length) })],
            [t('profile.hourCap'), formatAmount(body.weeklyHourCap, 'HOUR')],
          ]),
        ),
      );
      result.querySelector<HTMLElement>('h3')?.focus();
    },
  });
  // The availability fields sit together under their own heading, a row per day.
  groupFields(profileForm.element, t('profile.availabilityTitle'), t('profile.availabilityHint'), weekdays.map((day) => [`free/${day}/start`, `free/${day}/end`]));
  if (forMember) {
    replaceChildren(main, pageHeader('profile.titleFor', 'profile.introFor'), section(t('profile.formTitle'), profileForm.element, result));
    return;
  }
  replaceChildren(
    main,
    pageHeader('profile.title', 'profile.intro'),
    section(t('profile.storedTitle'), stored),
    section(t('profile.formTitle'), saved === undefined ? null : h('p', { class: 'field-hint', 'data-state': 'from-this-tab' }, t('profile.fromThisTab')), profileForm.element, result),
  );
  // The stored profile, once the api can read it back.
  replaceChildren(stored, h('p', { class: 'state state-loading', role: 'status' }, t('state.loading')));
  api<VolunteerProfileInput>(`/api/v1/volunteers/${encodeURIComponent(ownId)}/profile`, { signal }).then(
    (profile) => {
      if (signal.aborted) return;
      replaceChildren(
        stored,
        facts([
          [t('profile.gridCell'), profile.gridCell],
          [t('profile.skills'), profile.skills.length === 0 ? '—' : profile.skills.map((entry) => `${entry.skill} ${entry.level}`).join('、')],
          [t('profile.hourCap'), formatAmount(profile.weeklyHourCap, 'HOUR')],
        ]),
      );
    },
    (error: unknown) => {
      if (signal.aborted) return;
      replaceChildren(stored, isRouteMissing(error) ? notAvailableState() : h('p', { class: 'state state-empty' }, t('profile.noneStored')));
    },
  );
}

export const profilePage: Page = {
  path: '/volunteer/profile',
  group: 'volunteer',
  title: 'profile.title',
  access: ['member'],
  inMenu: true,
  render: (context) => renderProfile(context, false),
};

/** A coordinator completes the profile of a member who cannot do it themself. */
export const memberProfilePage: Page = {
  path: '/coordinator/volunteer-profile',
  group: 'coordinator',
  title: 'profile.titleFor',
  access: ['coordinator', 'admin'],
  inMenu: false,
  render: (context) => renderProfile(context, true),
};
