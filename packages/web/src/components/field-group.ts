// Gathers fields a form already drew into a titled group, a row per entry (a day's hours, one
// rule's item, points and quota), so related boxes sit together on wide screens and stack on phones.
import { h } from './dom.js';

/** Moves the named fields of `form` into a fieldset placed where the first of them was. */
export function groupFields(
  form: HTMLElement,
  legend: string,
  hint: string | undefined,
  rows: readonly (readonly string[])[],
): HTMLFieldSetElement | undefined {
  const first = form.querySelector(`.field[data-field="${CSS.escape(rows[0]?.[0] ?? '')}"]`);
  if (first === null) return undefined;
  const group = h(
    'fieldset',
    { class: 'field-group' },
    h('legend', {}, legend),
    hint === undefined ? null : h('p', { class: 'field-hint' }, hint),
  );
  first.before(group);
  for (const names of rows) {
    const row = h('div', { class: 'field-row' });
    for (const name of names) {
      const field = form.querySelector(`.field[data-field="${CSS.escape(name)}"]`);
      if (field !== null) row.append(field);
    }
    group.append(row);
  }
  return group;
}
