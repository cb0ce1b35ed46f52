// Charts of a community's months: hours served, goods donated and handed out per item, cash
// donated. Figures from too few people come suppressed from the api and are shown as such.
import type { Figure, ItemFigure, PublicStatsView } from '@linli/contract';
import { barChart } from '../components/chart.js';
import { h, replaceChildren } from '../components/dom.js';
import { fieldElement } from '../components/form.js';
import { formatAmount, formatDecimal } from '../i18n/format.js';
import { locale, t } from '../i18n/i18n.js';

function monthLabel(month: string): string {
  const [year, number] = month.split('-');
  const date = new Date(Date.UTC(Number(year), Number(number) - 1, 15));
  return new Intl.DateTimeFormat(locale(), { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(date);
}

/** A figure's value for the chart: '' when suppressed (drawn as no bar, shown as suppressed). */
function valueOf(figure: Figure | undefined): string {
  return figure === undefined || figure.suppressed || figure.value === null ? '' : figure.value;
}

function formatter(unit: string): (value: string) => string {
  return (value) => (value === '' ? t('stats.suppressed') : unit === 'ITEM' ? formatDecimal(value) : formatAmount(value, unit));
}

export function statsCharts(stats: PublicStatsView): HTMLElement {
  const labels = stats.months.map((month) => monthLabel(month.month));
  const items = new Map<string, string>();
  for (const month of stats.months)
    for (const figure of [...month.goodsDonated, ...month.goodsDistributed]) items.set(figure.unit, figure.name);
  const itemChart = h('div', {});
  const drawItem = (unit: string): void => {
    const pick = (figures: readonly ItemFigure[]): ItemFigure | undefined => figures.find((figure) => figure.unit === unit);
    replaceChildren(
      itemChart,
      barChart({
        title: t('stats.goodsChart', { item: items.get(unit) ?? unit }),
        labels,
        series: [
          { name: t('stats.goodsIn'), values: stats.months.map((month) => valueOf(pick(month.goodsDonated))) },
          { name: t('stats.goodsOut'), values: stats.months.map((month) => valueOf(pick(month.goodsDistributed))) },
        ],
        format: formatter('ITEM'),
        emptyText: t('stats.nothingShown'),
      }),
    );
  };
  const firstItem = [...items.keys()][0];
  let itemPicker: HTMLElement | null = null;
  if (firstItem !== undefined) {
    const field = fieldElement(
      { name: 'statsItem', label: 'stats.item', kind: 'select', options: [...items].map(([unit, name]) => ({ value: unit, label: name })) },
      firstItem,
    );
    field.onChange(() => drawItem(field.read()));
    itemPicker = field.wrapper;
    drawItem(firstItem);
  }
  return h(
    'div',
    { class: 'stats' },
    h('p', { class: 'field-hint' }, t('stats.suppressionNote', { threshold: String(stats.suppressionThreshold) })),
    barChart({
      title: t('stats.hoursChart'),
      labels,
      series: [{ name: t('stats.hoursServed'), values: stats.months.map((month) => valueOf(month.hoursServed)) }],
      format: formatter('HOUR'),
      emptyText: t('stats.nothingShown'),
    }),
    barChart({
      title: t('stats.cashChart'),
      labels,
      series: [{ name: t('stats.cashDonated'), values: stats.months.map((month) => valueOf(month.cashDonated)) }],
      format: formatter('CNY'),
      emptyText: t('stats.nothingShown'),
    }),
    h('h3', {}, t('stats.goodsTitle')),
    itemPicker ?? h('p', { class: 'state state-empty' }, t('stats.noGoods')),
    itemChart,
  );
}
