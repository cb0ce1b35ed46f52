// Forms: labelled fields with hints and errors beside them, a busy state while sending, the api's
// problems mapped to the fields they name, and drafts kept per form so nothing typed is lost when
// a submission fails, the language changes or the person goes to another page and comes back.
import { ApiProblem, IdempotentSubmission } from '../api.js';
import { t, type MessageKey } from '../i18n/i18n.js';
import { h, replaceChildren, uniqueId, type Child } from './dom.js';
import { fieldProblemText, problemText } from './problem-text.js';

export type FieldKind = 'text' | 'password' | 'decimal' | 'integer' | 'tel' | 'date' | 'time' | 'search' | 'select' | 'radio' | 'textarea';

export interface FieldSpec {
  /** The form value's name; a field problem whose pointer is `/<name>` is shown beside it. */
  name: string;
  label: MessageKey;
  /** A label built at run time (with an item's name, say), shown instead of `label`. */
  labelText?: string;
  kind?: FieldKind;
  required?: boolean;
  hint?: MessageKey;
  autocomplete?: string;
  options?: readonly { value: string; label: string }[];
  /** The value a new draft starts with. */
  initial?: string;
  /** A datalist's id, for type-ahead. */
  list?: string;
  maxLength?: number;
}

export type FormValues = Record<string, string>;

const decimalPattern = /^(0|[1-9][0-9]{0,17})(\.[0-9]{1,6})?$/;
const integerPattern = /^(0|[1-9][0-9]{0,8})$/;

/** Drafts by form id: what was typed, kept for the life of the page (never passwords). */
const drafts = new Map<string, FormValues>();

export function draftOf(formId: string): FormValues {
  let draft = drafts.get(formId);
  if (draft === undefined) {
    draft = {};
    drafts.set(formId, draft);
  }
  return draft;
}

/**
 * Empties a form's draft in place: the form on screen keeps writing into the same object, so what is
 * typed after a successful send is a draft again.
 */
export function clearDraft(formId: string): void {
  const draft = drafts.get(formId);
  if (draft === undefined) return;
  for (const name of Object.keys(draft)) delete draft[name];
}

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** A field on the page: its wrapper, and how to read, write and watch its value. */
export interface FieldElement {
  wrapper: HTMLElement;
  /** The control that takes focus (the first radio button of a group). */
  control: Control;
  read(): string;
  write(value: string): void;
  onChange(listener: () => void): void;
}

/** One labelled field: label, hint, the control and a slot for its error, linked for screen readers. */
export function fieldElement(spec: FieldSpec, value: string): FieldElement {
  const id = uniqueId(`field-${spec.name.replace(/[^a-z0-9]/gi, '-')}`);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const kind = spec.kind ?? 'text';
  const labelText = spec.labelText ?? t(spec.label);
  const requiredMark = spec.required === true ? h('span', { class: 'required' }, ` ${t('form.requiredMark')}`) : null;
  const hint = spec.hint === undefined ? null : h('p', { class: 'field-hint', id: hintId }, t(spec.hint));
  const error = h('p', { class: 'field-error', id: errorId, hidden: true });

  if (kind === 'radio') {
    const radios = (spec.options ?? []).map((option, index) =>
      h('input', {
        type: 'radio',
        id: `${id}-${index}`,
        name: spec.name,
        value: option.value,
        'aria-describedby': spec.hint === undefined ? null : hintId,
      }),
    );
    const choose = (next: string): void => {
      for (const radio of radios) radio.checked = radio.value === next;
    };
    choose(value);
    const wrapper = h(
      'fieldset',
      { class: 'field field-radio', role: 'radiogroup', 'data-field': spec.name },
      h('legend', {}, labelText, requiredMark),
      hint,
      ...radios.map((radio, index) =>
        h('div', { class: 'radio-option' }, radio, h('label', { for: radio.id }, spec.options?.[index]?.label ?? '')),
      ),
      error,
    );
    const first = radios[0] ?? h('input', { type: 'radio', name: spec.name });
    return {
      wrapper,
      control: first,
      read: () => radios.find((radio) => radio.checked)?.value ?? '',
      write: choose,
      onChange: (listener) => radios.forEach((radio) => radio.addEventListener('change', listener)),
    };
  }

  const common = {
    id,
    name: spec.name,
    required: spec.required === true,
    'aria-required': spec.required === true ? 'true' : null,
    'aria-describedby': spec.hint === undefined ? null : hintId,
    autocomplete: spec.autocomplete ?? null,
    maxlength: spec.maxLength ?? null,
  };
  let control: Control;
  if (kind === 'select') {
    control = h('select', common, ...(spec.options ?? []).map((option) => h('option', { value: option.value }, option.label)));
  } else if (kind === 'textarea') {
    control = h('textarea', { ...common, rows: 3 });
  } else {
    const type = kind === 'decimal' || kind === 'integer' ? 'text' : kind;
    const inputmode = kind === 'decimal' ? 'decimal' : kind === 'integer' ? 'numeric' : kind === 'tel' ? 'tel' : null;
    control = h('input', { ...common, type, inputmode, list: spec.list ?? null, spellcheck: kind === 'text' ? null : 'false' });
  }
  control.value = value;
  const wrapper = h(
    'div',
    { class: 'field', 'data-field': spec.name },
    h('label', { for: id }, labelText, requiredMark),
    hint,
    control,
    error,
  );
  return {
    wrapper,
    control,
    read: () => control.value,
    write: (next) => (control.value = next),
    onChange: (listener) => {
      control.addEventListener('input', listener);
      control.addEventListener('change', listener);
    },
  };
}

/** Shows (or with `undefined`, clears) the error beside a field. */
export function setFieldError(form: HTMLElement, name: string, message: string | undefined): boolean {
  const wrapper = form.querySelector<HTMLElement>(`.field[data-field="${CSS.escape(name)}"]`);
  if (wrapper === null) return false;
  const slot = wrapper.querySelector<HTMLElement>('.field-error');
  // A radio group carries its error on the group (the fieldset), a single control on itself.
  const control = wrapper.tagName === 'FIELDSET' ? wrapper : wrapper.querySelector<HTMLElement>('input, select, textarea');
  if (slot === null || control === null) return false;
  const described = (control.getAttribute('aria-describedby') ?? '').split(' ').filter((part) => part !== '' && part !== slot.id);
  if (message === undefined) {
    slot.hidden = true;
    slot.textContent = '';
    control.removeAttribute('aria-invalid');
  } else {
    slot.hidden = false;
    slot.textContent = message;
    control.setAttribute('aria-invalid', 'true');
    described.push(slot.id);
  }
  if (described.length === 0) control.removeAttribute('aria-describedby');
  else control.setAttribute('aria-describedby', described.join(' '));
  return true;
}

/** Checks what the browser can check before sending: required fields and number formats. */
export function checkField(spec: FieldSpec, value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return spec.required === true ? t('form.required') : undefined;
  if (spec.kind === 'decimal' && !decimalPattern.test(trimmed)) return t('form.decimalInvalid');
  if (spec.kind === 'integer' && !integerPattern.test(trimmed)) return t('form.integerInvalid');
  return undefined;
}

export interface FormOptions<T> {
  /** Names the draft; the same id on a later visit brings the typed values back. */
  id: string;
  fields: readonly FieldSpec[];
  submitLabel: MessageKey;
  /** More content before the submit button (e.g. rows of items), owned by the page. */
  extra?: Child;
  /** Sends the values; throw ApiProblem (the api client does) to show a refusal. */
  submit(values: FormValues, submission: IdempotentSubmission): Promise<T>;
  /** After a success; the draft is cleared unless `keepDraft`. */
  done(result: T, handle: FormHandle): void;
  keepDraft?: boolean;
  /** Extra checks before sending: field name → message. */
  validate?(values: FormValues): Readonly<Record<string, string | undefined>>;
}

export interface FormHandle {
  element: HTMLFormElement;
  values(): FormValues;
  setValue(name: string, value: string): void;
  /** Shows a problem: field errors beside their fields, the rest in the summary at the top. */
  showProblem(error: unknown): void;
}

export function form<T>(options: FormOptions<T>): FormHandle {
  const draft = draftOf(options.id);
  const submission = new IdempotentSubmission();
  const controls = new Map<string, FieldElement>();
  const summary = h('div', { class: 'form-summary', role: 'alert', tabindex: '-1', hidden: true });
  const status = h('p', { class: 'form-status', role: 'status' });
  const button = h('button', { type: 'submit', class: 'button button-primary' }, t(options.submitLabel));
  const element = h('form', { class: 'form', novalidate: true, 'data-form': options.id });
  element.append(summary);
  for (const spec of options.fields) {
    const field = fieldElement(spec, draft[spec.name] ?? spec.initial ?? '');
    controls.set(spec.name, field);
    element.append(field.wrapper);
    if (spec.kind !== 'password') field.onChange(() => (draft[spec.name] = field.read()));
  }
  if (options.extra !== undefined && options.extra !== null && options.extra !== false) element.append(options.extra);
  element.append(h('div', { class: 'form-actions' }, button), status);

  const values = (): FormValues => {
    const result: FormValues = {};
    for (const [name, field] of controls) result[name] = field.read().trim();
    return result;
  };

  const clearErrors = (): void => {
    summary.hidden = true;
    replaceChildren(summary);
    for (const wrapper of element.querySelectorAll<HTMLElement>('.field')) {
      const name = wrapper.dataset['field'];
      if (name !== undefined) setFieldError(element, name, undefined);
    }
  };

  const showSummary = (lines: readonly string[]): void => {
    replaceChildren(summary, h('p', { class: 'state-title' }, t('form.problem')), ...lines.map((line) => h('p', {}, line)));
    summary.hidden = false;
    summary.focus();
  };

  const handle: FormHandle = {
    element,
    values,
    setValue: (name, value) => {
      controls.get(name)?.write(value);
      if (options.fields.find((spec) => spec.name === name)?.kind !== 'password') draft[name] = value;
    },
    showProblem: (error) => {
      const lines = [problemText(error)];
      if (error instanceof ApiProblem) {
        for (const problem of error.errors) {
          const name = problem.pointer.replace(/^\//, '');
          if (!setFieldError(element, name, fieldProblemText(problem))) lines.push(`${problem.pointer}: ${fieldProblemText(problem)}`);
        }
      }
      showSummary(lines);
    },
  };

  let busy = false;
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    if (busy) return;
    clearErrors();
    status.textContent = '';
    const current = values();
    const problems: Record<string, string | undefined> = {};
    for (const spec of options.fields) {
      const message = checkField(spec, current[spec.name] ?? '');
      if (message !== undefined) problems[spec.name] = message;
    }
    Object.assign(problems, options.validate?.(current) ?? {});
    const names = Object.keys(problems).filter((name) => problems[name] !== undefined);
    if (names.length > 0) {
      const elsewhere: string[] = [];
      for (const name of names) if (!setFieldError(element, name, problems[name])) elsewhere.push(problems[name] ?? '');
      showSummary([t('form.fixFields'), ...elsewhere]);
      return;
    }
    busy = true;
    button.disabled = true;
    element.setAttribute('aria-busy', 'true');
    button.textContent = t('form.sending');
    status.textContent = t('form.sending');
    options
      .submit(current, submission)
      .then(
        (result) => {
          submission.reset();
          if (options.keepDraft !== true) clearDraft(options.id);
          status.textContent = t('form.done');
          options.done(result, handle);
        },
        (error: unknown) => {
          status.textContent = '';
          handle.showProblem(error);
        },
      )
      .finally(() => {
        busy = false;
        button.disabled = false;
        element.removeAttribute('aria-busy');
        button.textContent = t(options.submitLabel);
      });
  });
  return handle;
}
