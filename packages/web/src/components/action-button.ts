// A button that does one write (accept, check in, approve…): busy while it runs, the api's refusal
// said beside it in words, and the same Idempotency-Key if the person presses it again after a
// failure, so a retry is applied once.
import { IdempotentSubmission } from '../api.js';
import { h } from './dom.js';
import { problemText } from './problem-text.js';
import { t } from '../i18n/i18n.js';

export interface ActionOptions<T> {
  label: string;
  /** Names the action in the page, for tests and styles. */
  action: string;
  primary?: boolean;
  run(idempotencyKey: string): Promise<T>;
  done(result: T): void;
}

export function actionButton<T>(options: ActionOptions<T>): HTMLElement {
  const submission = new IdempotentSubmission();
  const button = h(
    'button',
    { type: 'button', class: options.primary === true ? 'button button-primary' : 'button', 'data-action': options.action },
    options.label,
  );
  const status = h('span', { class: 'action-status', role: 'status' });
  button.addEventListener('click', () => {
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    status.className = 'action-status';
    status.textContent = t('form.sending');
    options
      .run(submission.keyFor({ action: options.action }))
      .then(
        (result) => {
          submission.reset();
          status.textContent = t('form.done');
          options.done(result);
        },
        (error: unknown) => {
          status.className = 'action-status error';
          status.textContent = problemText(error);
        },
      )
      .finally(() => {
        button.disabled = false;
        button.removeAttribute('aria-busy');
      });
  });
  return h('span', { class: 'action' }, button, status);
}
