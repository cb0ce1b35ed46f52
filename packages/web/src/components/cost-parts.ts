// Why a volunteer and a need were paired: the matching engine's cost, part by part, in words.
// Lower is better; the parts are the engine's integer cost points, shown as it gives them.
import type { CostPartName, ExclusionRule } from '@linli/contract';
import { formatCount } from '../i18n/format.js';
import { isMessageKey, t } from '../i18n/i18n.js';
import { h } from './dom.js';

export const costPartNames: readonly CostPartName[] = ['distance', 'skillFit', 'continuity', 'urgency', 'load'];

/** The parts as a short list: "距离 120 · 技能 0 · …", with the total; lower means a better fit. */
export function costPartsView(parts: Readonly<Record<string, number>>, cost: number): HTMLElement {
  return h(
    'div',
    { class: 'cost-parts' },
    h('p', { class: 'field-hint' }, t('cost.explain', { total: formatCount(cost) })),
    h(
      'ul',
      { class: 'cost-list' },
      ...costPartNames.map((name) => h('li', {}, h('span', {}, t(`cost.${name}`)), ' ', h('strong', {}, formatCount(parts[name] ?? 0)))),
    ),
  );
}

export function exclusionText(rule: ExclusionRule): string {
  return t(`exclusion.${rule}`);
}

/** A distance in metres, rounded as the api gives it: "约 300 米". */
export function distanceText(metres: number): string {
  return t('cost.distanceMetres', { metres: formatCount(metres) });
}

/** Urgency 1 (can wait) to 5 (today), in words. */
export function urgencyText(level: number): string {
  const key = `urgency.${level}`;
  return isMessageKey(key) ? t(key) : String(level);
}
