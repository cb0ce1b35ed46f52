// Units: what an amount counts (hours, yuan, points, one catalogue item) and its scale.
import { isStorableText } from './json.js';
import { idLengthMax, unitScaleMax } from './limits.js';

export interface Unit {
  /** `HOUR`, `CNY`, `POINT`, or `ITEM:<catalogue code>` such as `ITEM:rice-5kg`. */
  code: string;
  /** Decimal places an amount of this unit may have: 2 for hours and yuan, 0 for points. */
  scale: number;
  /** A human name, e.g. 志愿服务时长 or 大米 5kg. */
  name: string;
}

/** The units every community starts with. */
export const standardUnits: readonly Unit[] = [
  { code: 'HOUR', scale: 2, name: '志愿服务时长 (hours)' },
  { code: 'CNY', scale: 2, name: '人民币 (yuan)' },
  { code: 'POINT', scale: 0, name: '爱心积分 (love points)' },
];

const unitCodePattern = /^(?:[A-Z][A-Z0-9_]{0,15}|ITEM:[a-z0-9][a-z0-9._-]{0,62})$/;

export function isUnitCode(code: unknown): code is string {
  return typeof code === 'string' && code.length <= idLengthMax && unitCodePattern.test(code);
}

/** One of the standard units, which every community has from its creation. */
export function standardUnit(code: 'HOUR' | 'CNY' | 'POINT'): Unit {
  const unit = standardUnits.find((candidate) => candidate.code === code);
  if (unit === undefined) throw new Error(`assertion: ${code} is a standard unit`);
  return unit;
}

export function itemUnitCode(catalogueCode: string): string {
  return `ITEM:${catalogueCode}`;
}

export function isValidUnit(unit: Unit): boolean {
  return (
    isUnitCode(unit.code) &&
    Number.isInteger(unit.scale) &&
    unit.scale >= 0 &&
    unit.scale <= unitScaleMax &&
    typeof unit.name === 'string' &&
    unit.name.length > 0 &&
    unit.name.length <= 200 &&
    isStorableText(unit.name)
  );
}
