// My volunteer profile, as matching reads it: skills with levels, certificates, home grid cell
// and place, how far I travel, when I am free each week and my weekly hour cap.
//
// The page shows the profile as the api stores it (the place rounded to 100 m) and starts the form
// from it; what was typed and not yet sent (the form's draft) wins over it. The api takes the
// profile whole (PUT). A coordinator opens a member's profile by their member number the same way.
import { api, ApiProblem } from '../api.js';
import type { VolunteerProfile, VolunteerProfileInput, VolunteerProfileView } from '@linli/contract';
import { h, replaceChildren } from '../components/dom.js';
import { groupFields } from '../components/field-group.js';
import { form, type FieldSpec, type FormValues } from '../components/form.js';
import { loadInto } from '../components/states.js';
import { facts } from '../components/table.js';
import { formatAmount, formatCount, formatDateTime } from '../i18n/format.js';
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
      return start === '' || end === ''
        ? []
        : [{ weekday: day, startMinute: minutes(start), endMinute: end === '00:00' ? 1440 : minutes(end) }];
    }),
    weeklyHourCap: values['weeklyHourCap'] ?? '',
  };
}

function validate(values: FormValues): Record<string, string> {
  const problems: Record<string, string> = {};
  const skills = lines(values['skills'] ?? '');
  if (skills.length > listMax || skills.some((line) => parseSkill(line) === undefined)) problems['skills'] = t('profile.skillsInvalid');
  const certificates = (values['certificates'] ?? '').split('\n').filter((line) => line.trim() !== '');
  if (certificates.length > listMax || certificates.some((line) => !certificatePattern.test(line.trim())))
    problems['certificates'] = t('profile.certificatesInvalid');
  for (const name of ['place/eastM', 'place/northM'])
    if (values[name] !== '' && !metresPattern.test(values[name] ?? '')) problems[name] = t('profile.metresInvalid');
  if (values['travelRadiusM'] !== '' && (!radiusPattern.test(values['travelRadiusM'] ?? '') || Number(values['travelRadiusM']) > 5000))
    problems['travelRadiusM'] = t('profile.radiusInvalid');
  if (values['weeklyHourCap'] !== '' && !hourCapPattern.test(values['weeklyHourCap'] ?? ''))
    problems['weeklyHourCap'] = t('profile.hourCapInvalid');
  for (const day of weekdays) {
    const start = values[`free/${day}/start`] ?? '';
    const end = values[`free/${day}/end`] ?? '';
    if (start === '' && end === '') continue;
    if (!timePattern.test(start) || !timePattern.test(end))
      problems[start === '' || !timePattern.test(start) ? `free/${day}/start` : `free/${day}/end`] = t('profile.timeInvalid');
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

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** Minutes of the day as the form's time: 1440 (midnight, the day's end) is 00:00, as the form reads it. */
function formTime(minute: number): string {
  return `${pad(Math.floor(minute / 60) % 24)}:${pad(minute % 60)}`;
}

/** Minutes of the day as shown: the day's end is 24:00. */
function shownTime(minute: number): string {
  return `${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`;
}

/** The stored profile as the form's values: the inverse of `profileBody`, one period per day. */
export function profileValues(profile: VolunteerProfile): FormValues {
  const values: FormValues = {
    skills: profile.skills.map((entry) => `${entry.skill} ${entry.level}`).join('\n'),
    certificates: profile.certificates.map((entry) => `${entry.name} ${entry.expiresOn}`).join('\n'),
    gridCell: profile.gridCell,
    'place/eastM': String(profile.place.eastM),
    'place/northM': String(profile.place.northM),
    travelRadiusM: String(profile.travelRadiusM),
    weeklyHourCap: profile.weeklyHourCap,
  };
  for (const day of weekdays) {
    const first = profile.weeklyAvailability.find((entry) => entry.weekday === day);
    values[`free/${day}/start`] = first === undefined ? '' : formTime(first.startMinute);
    values[`free/${day}/end`] = first === undefined ? '' : formTime(first.endMinute);
  }
  return values;
}

/** Days with more than one period stored: the form holds one per day, so saving keeps only that one. */
function daysWithSeveralPeriods(profile: VolunteerProfileInput): string[] {
  return weekdays
    .filter((day) => profile.weeklyAvailability.filter((entry) => entry.weekday === day).length > 1)
    .map((day) => t(`weekday.${day}`));
}

/** The stored profile, or null when none is stored yet (a 404 about the record, not a missing route). */
async function storedProfile(path: string, signal: AbortSignal): Promise<VolunteerProfileView | null> {
  try {
    return await api<VolunteerProfileView>(path, { signal });
  } catch (error) {
    if (error instanceof ApiProblem && error.code === 'not_found') return null;
    throw error;
  }
}

/** Where the volunteer lives, in words: west and south for the negative directions. */
function placeText(place: { eastM: number; northM: number }): string {
  const eastWest =
    place.eastM < 0
      ? t('profile.placeWest', { metres: formatCount(-place.eastM) })
      : t('profile.placeEast', { metres: formatCount(place.eastM) });
  const northSouth =
    place.northM < 0
      ? t('profile.placeSouth', { metres: formatCount(-place.northM) })
      : t('profile.placeNorth', { metres: formatCount(place.northM) });
  return t('profile.placeValue', { eastWest, northSouth });
}

function storedView(profile: VolunteerProfileView | null, forMember: boolean): HTMLElement {
  if (profile === null) {
    return h(
      'div',
      { class: 'state state-empty', role: 'status', 'data-state': 'no-profile' },
      h('p', { class: 'state-title' }, t('profile.noneTitle')),
      h('p', {}, forMember ? t('profile.noneBodyFor') : t('profile.noneBody')),
    );
  }
  const availability = weekdays.flatMap((day) =>
    profile.weeklyAvailability
      .filter((entry) => entry.weekday === day)
      .map((entry) => `${t(`weekday.${day}`)} ${shownTime(entry.startMinute)}–${shownTime(entry.endMinute)}`),
  );
  return h(
    'div',
    { 'data-state': 'stored-profile' },
    facts([
      [t('profile.gridCell'), profile.gridCell],
      [t('profile.place'), placeText(profile.place)],
      [t('profile.radius'), formatCount(profile.travelRadiusM)],
      [t('profile.skills'), profile.skills.length === 0 ? '—' : profile.skills.map((entry) => `${entry.skill} ${entry.level}`).join('、')],
      [
        t('profile.certificates'),
        profile.certificates.length === 0 ? '—' : profile.certificates.map((entry) => `${entry.name} ${entry.expiresOn}`).join('、'),
      ],
      [t('profile.availabilityTitle'), availability.length === 0 ? '—' : availability.join('、')],
      [t('profile.hourCap'), formatAmount(profile.weeklyHourCap, 'HOUR')],
      [t('profile.updatedAt'), formatDateTime(profile.updatedAt)],
    ]),
  );
}

/**
 * The stored profile of one volunteer and the form that replaces it. The form starts from what is
 * stored (or from defaults when nothing is); its draft, per volunteer, wins over both. After a
 * save the stored part is read again, and fields not touched since the send show the stored value.
 */
function profileEditor(userId: string, forMember: boolean, signal: AbortSignal): HTMLElement {
  const container = h('div', {});
  const path = `/api/v1/volunteers/${encodeURIComponent(userId)}/profile`;
  void loadInto(
    container,
    signal,
    () => storedProfile(path, signal),
    (profile) => {
      const stored = h('div', { 'aria-live': 'polite' }, storedView(profile, forMember));
      const result = h('div', { 'aria-live': 'polite' });
      const initial: FormValues = profile === null ? { travelRadiusM: '1000', weeklyHourCap: '6' } : profileValues(profile);
      const several = profile === null ? [] : daysWithSeveralPeriods(profile);
      const profileForm = form({
        // The draft is per volunteer, so typing for one never fills in another.
        id: forMember ? `volunteer-profile-for-${userId}` : 'volunteer-profile',
        fields: [
          { name: 'skills', label: 'profile.skills', kind: 'textarea', hint: 'profile.skillsHint', initial: initial['skills'] },
          {
            name: 'certificates',
            label: 'profile.certificates',
            kind: 'textarea',
            hint: 'profile.certificatesHint',
            initial: initial['certificates'],
          },
          {
            name: 'gridCell',
            label: 'profile.gridCell',
            required: true,
            hint: 'profile.gridCellHint',
            maxLength: 64,
            initial: initial['gridCell'],
          },
          { name: 'place/eastM', label: 'profile.eastM', required: true, hint: 'profile.placeHint', initial: initial['place/eastM'] },
          { name: 'place/northM', label: 'profile.northM', required: true, initial: initial['place/northM'] },
          {
            name: 'travelRadiusM',
            label: 'profile.radius',
            kind: 'integer',
            required: true,
            hint: 'profile.radiusHint',
            initial: initial['travelRadiusM'],
          },
          ...availabilityFields().map((spec) => ({ ...spec, initial: initial[spec.name] })),
          {
            name: 'weeklyHourCap',
            label: 'profile.hourCap',
            kind: 'decimal',
            required: true,
            hint: 'profile.hourCapHint',
            initial: initial['weeklyHourCap'],
          },
        ],
        submitLabel: 'profile.submit',
        validate,
        submit: (values) =>
          api<{ userId: string; gridCell: string }>(path, { method: 'PUT', body: profileBody(values), signal }).then((answer) => ({
            answer,
            values,
          })),
        done: ({ answer, values }, handle) => {
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
                [
                  t('profile.skills'),
                  body.skills.length === 0 ? '—' : body.skills.map((entry) => `${entry.skill} ${entry.level}`).join('、'),
                ],
                [t('profile.availabilityTitle'), t('profile.daysFree', { count: String(body.weeklyAvailability.length) })],
                [t('profile.hourCap'), formatAmount(body.weeklyHourCap, 'HOUR')],
              ]),
            ),
          );
          result.querySelector<HTMLElement>('h3')?.focus();
          void loadInto(
            stored,
            signal,
            () => storedProfile(path, signal),
            (now) => {
              if (now !== null) {
                const current = handle.values();
                for (const [name, value] of Object.entries(profileValues(now)))
                  if (current[name] === values[name]) handle.setValue(name, value);
              }
              return storedView(now, forMember);
            },
          );
        },
      });
      profileForm.element.addEventListener('submit', () => replaceChildren(result));
      // The availability fields sit together under their own heading, a row per day.
      groupFields(
        profileForm.element,
        t('profile.availabilityTitle'),
        t('profile.availabilityHint'),
        weekdays.map((day) => [`free/${day}/start`, `free/${day}/end`]),
      );
      return h(
        'div',
        {},
        section(forMember ? t('profile.storedTitleFor') : t('profile.storedTitle'), stored),
        section(
          forMember ? t('profile.formTitleFor') : t('profile.formTitle'),
          several.length === 0
            ? null
            : h('p', { class: 'field-hint', 'data-state': 'several-periods' }, t('profile.severalPeriods', { days: several.join('、') })),
          profileForm.element,
          result,
        ),
      );
    },
  );
  return container;
}

function renderOwnProfile({ main, signal, user }: PageContext): void {
  replaceChildren(main, pageHeader('profile.title', 'profile.intro'), profileEditor(user?.id ?? '', false, signal));
}

/** A coordinator opens a member's profile by their member number (`?member=`), then changes it. */
function renderMemberProfile({ main, signal, query, navigate }: PageContext): void {
  const member = query.get('member') ?? '';
  const chooser = form({
    id: 'volunteer-profile-choose',
    fields: [
      {
        name: 'member',
        label: 'profile.member',
        required: true,
        hint: 'give.memberNumberHint',
        autocomplete: 'off',
        maxLength: 64,
        initial: member,
      },
    ],
    submitLabel: 'profile.open',
    validate: (values) => (memberNumberPattern.test(values['member'] ?? '') ? {} : { member: t('give.memberNumberInvalid') }),
    submit: (values) => Promise.resolve(values['member'] ?? ''),
    done: (chosen) => navigate(`/coordinator/volunteer-profile?member=${encodeURIComponent(chosen)}`),
  });
  // What the page shows is the member of the address; the field only chooses the next one.
  chooser.setValue('member', member);
  replaceChildren(
    main,
    pageHeader('profile.titleFor', 'profile.introFor'),
    section(t('profile.chooseTitle'), chooser.element),
    memberNumberPattern.test(member)
      ? profileEditor(member, true, signal)
      : h('p', { class: 'state state-empty', 'data-state': 'no-member' }, t('profile.chooseFirst')),
  );
}

export const profilePage: Page = {
  path: '/volunteer/profile',
  group: 'volunteer',
  title: 'profile.title',
  access: ['member'],
  inMenu: true,
  render: renderOwnProfile,
};

/** A coordinator completes the profile of a member who cannot do it themself. */
export const memberProfilePage: Page = {
  path: '/coordinator/volunteer-profile',
  group: 'coordinator',
  title: 'profile.titleFor',
  access: ['coordinator', 'admin'],
  inMenu: false,
  render: renderMemberProfile,
};
