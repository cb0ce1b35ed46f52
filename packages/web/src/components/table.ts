// Tables with a caption and header cells, in a scrollable region that keyboards can reach at phone width.
import { h, type Child } from './dom.js';

export interface Column<Row> {
  header: string;
  cell(row: Row): Child;
  /** Right-aligned, tabular figures: amounts and counts. */
  numeric?: boolean;
}

export function dataTable<Row>(caption: string, columns: readonly Column<Row>[], rows: readonly Row[]): HTMLElement {
  const table = h(
    'table',
    { class: 'table' },
    h('caption', {}, caption),
    h(
      'thead',
      {},
      h('tr', {}, ...columns.map((column) => h('th', { scope: 'col', class: column.numeric === true ? 'numeric' : null }, column.header))),
    ),
    h(
      'tbody',
      {},
      ...rows.map((row) =>
        h('tr', {}, ...columns.map((column) => h('td', { class: column.numeric === true ? 'numeric' : null }, column.cell(row)))),
      ),
    ),
  );
  // A focusable, labelled region: wide tables scroll sideways on a phone, also by keyboard.
  return h('div', { class: 'table-scroll', role: 'region', 'aria-label': caption, tabindex: '0' }, table);
}

/** Label–value pairs, e.g. a balance or a receipt. */
export function facts(pairs: readonly (readonly [string, Child])[], className = 'facts'): HTMLElement {
  return h('dl', { class: className }, ...pairs.flatMap(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]));
}
