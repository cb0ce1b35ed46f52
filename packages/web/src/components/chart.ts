// Bar charts in SVG with a data table beside them. Values arrive as decimal strings; they become
// numbers only to scale the bars; the labels and the table show the strings as the api sent them.
import { t } from '../i18n/i18n.js';
import { h, svg, uniqueId } from './dom.js';
import { dataTable, type Column } from './table.js';

export interface ChartSeries {
  name: string;
  /** One decimal string per label. */
  values: readonly string[];
}

export interface BarChartOptions {
  title: string;
  /** The x axis: periods such as weeks or months, already formatted. */
  labels: readonly string[];
  series: readonly ChartSeries[];
  /** Formats a value for the table and the bar's tooltip. */
  format(value: string): string;
  /** Said instead of an empty drawing when no value has a bar (all zero or suppressed). */
  emptyText?: string;
}

/** At most this many bars groups are drawn; the table still lists every row. */
export const chartGroupsMax = 60;

const width = 640;
const height = 260;
const margin = { top: 16, right: 12, bottom: 48, left: 12 };

export function barChart(options: BarChartOptions): HTMLElement {
  const titleId = uniqueId('chart-title');
  const descriptionId = uniqueId('chart-description');
  const groups = options.labels.slice(-chartGroupsMax);
  const offset = options.labels.length - groups.length;
  const magnitude = (value: string | undefined): number => {
    const number = Number(value ?? '0');
    return Number.isFinite(number) ? Math.abs(number) : 0;
  };
  let largest = 0;
  for (const series of options.series) for (const value of series.values.slice(offset)) largest = Math.max(largest, magnitude(value));
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const groupWidth = groups.length === 0 ? plotWidth : plotWidth / groups.length;
  const barWidth = Math.max(2, (groupWidth * 0.8) / Math.max(1, options.series.length));

  const bars: SVGElement[] = [];
  groups.forEach((label, index) => {
    options.series.forEach((series, seriesIndex) => {
      const value = series.values[offset + index] ?? '0';
      const barHeight = largest === 0 ? 0 : (magnitude(value) / largest) * plotHeight;
      const x = margin.left + index * groupWidth + groupWidth * 0.1 + seriesIndex * barWidth;
      bars.push(
        svg(
          'rect',
          {
            x: x.toFixed(1),
            y: (margin.top + plotHeight - barHeight).toFixed(1),
            width: (barWidth - 1).toFixed(1),
            height: barHeight.toFixed(1),
            class: `bar bar-${seriesIndex % 4}`,
          },
          svg('title', {}, `${label} · ${series.name}: ${options.format(value)}`),
        ),
      );
    });
  });
  const every = Math.max(1, Math.ceil(groups.length / 8));
  const ticks = groups
    .map((label, index) => ({ label, index }))
    .filter(({ index }) => index % every === 0)
    .map(({ label, index }) =>
      svg(
        'text',
        {
          x: (margin.left + index * groupWidth + groupWidth / 2).toFixed(1),
          y: String(height - margin.bottom + 18),
          class: 'tick',
          'text-anchor': 'middle',
        },
        label,
      ),
    );

  const chart = svg(
    'svg',
    {
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-labelledby': `${titleId} ${descriptionId}`,
      class: 'chart',
      preserveAspectRatio: 'xMidYMid meet',
    },
    svg('title', { id: titleId }, options.title),
    svg('desc', { id: descriptionId }, t('chart.description')),
    svg('line', { x1: margin.left, x2: width - margin.right, y1: margin.top + plotHeight, y2: margin.top + plotHeight, class: 'axis' }),
    ...bars,
    ...ticks,
  );
  const legend = h(
    'ul',
    { class: 'legend' },
    ...options.series.map((series, index) =>
      h('li', {}, h('span', { class: `swatch bar-${index % 4}`, 'aria-hidden': 'true' }), series.name),
    ),
  );
  interface Row {
    label: string;
    values: string[];
  }
  const rows: Row[] = options.labels.map((label, index) => ({
    label,
    values: options.series.map((series) => series.values[index] ?? '0'),
  }));
  const columns: Column<Row>[] = [
    { header: t('chart.period'), cell: (row) => row.label },
    ...options.series.map(
      (series, seriesIndex): Column<Row> => ({
        header: series.name,
        numeric: true,
        cell: (row) => options.format(row.values[seriesIndex] ?? '0'),
      }),
    ),
  ];
  const table = dataTable(options.title, columns, rows);
  const drawn = largest > 0;
  return h(
    'figure',
    { class: 'chart-figure', 'data-drawn': drawn ? 'true' : 'false' },
    h('figcaption', {}, options.title),
    drawn ? chart : h('p', { class: 'state state-empty chart-empty' }, options.emptyText ?? t('chart.empty')),
    drawn ? legend : null,
    h('details', { class: 'chart-table' }, h('summary', {}, t('chart.showTable')), table),
  );
}
