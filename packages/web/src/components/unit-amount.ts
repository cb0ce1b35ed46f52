// An amount in any unit: hours, yuan and points with their names, item quantities as plain decimals.
import { formatAmount, formatDecimal, type AmountOptions } from '../i18n/format.js';

export function unitAmount(value: string, unit: string, options: AmountOptions = {}): string {
  return unit.startsWith('ITEM:') ? formatDecimal(value, options) : formatAmount(value, unit, options);
}
