// Amounts, dates and times for the current language, with Intl. Amounts stay strings throughout:
// Intl formats a decimal string exactly, so no amount ever passes through a JS number.
import { locale, t, isMessageKey } from './i18n.js';

/** The community's calendar: dates are shown as the community lives them (UTC+8). */
export const communityTimeZone = 'Asia/Shanghai';

const decimalPattern = /^-?\d+(\.\d+)?$/;

/** Formats a decimal string with digit grouping, keeping exactly its decimals. Anything else is shown as given. */
export function formatDecimal(value: string, options: AmountOptions = {}): string {
  if (!decimalPattern.test(value)) return value;
  const decimals = value.split('.')[1]?.length ?? 0;
  const format = new Intl.NumberFormat(locale(), {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    signDisplay: options.signed === true ? 'exceptZero' : 'auto',
  });
  return format.format(value as Intl.StringNumericLiteral);
}

export interface AmountOptions {
  /** Show a plus sign on amounts above zero (statement lines: in and out). */
  signed?: boolean;
}

/** An amount with its unit: hours, yuan, points or an item's quantity. */
export function formatAmount(value: string, unit: string, options: AmountOptions = {}): string {
  if (unit === 'CNY' && decimalPattern.test(value)) {
    const decimals = value.split('.')[1]?.length ?? 0;
    return new Intl.NumberFormat(locale(), {
      style: 'currency',
      currency: 'CNY',
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
      signDisplay: options.signed === true ? 'exceptZero' : 'auto',
    }).format(value as Intl.StringNumericLiteral);
  }
  const number = formatDecimal(value, options);
  if (unit === 'HOUR') return t('unit.hours', { amount: number });
  if (unit === 'POINT') return t('unit.points', { amount: number });
  return number;
}

/** A unit's name for headings and table columns: 小时 / hours; an item unit shows its item code. */
export function unitName(unit: string): string {
  const key = `unit.name.${unit}`;
  if (isMessageKey(key)) return t(key);
  return unit.startsWith('ITEM:') ? unit.slice('ITEM:'.length) : unit;
}

export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone: communityTimeZone }).format(date);
}

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short', timeZone: communityTimeZone }).format(date);
}

/** A count of things (never an amount): 1,234 / 1,234. */
export function formatCount(count: number): string {
  return new Intl.NumberFormat(locale()).format(count);
}

/** From–to in one phrase, the day said once when both fall on it: 11月30日 09:00–13:00. */
export function formatDateTimeRange(startIso: string, endIso: string): string {
  const start = new Date(startIso);
  const end = new Date(endIso);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return `${startIso} – ${endIso}`;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short', timeZone: communityTimeZone }).formatRange(
    start,
    end,
  );
}
