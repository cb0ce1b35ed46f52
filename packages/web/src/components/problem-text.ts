// The words a person reads for a refusal: the api's code translated, or its title when the code is new.
import { ApiProblem, isRouteMissing, type FieldProblem } from '../api.js';
import { isMessageKey, t } from '../i18n/i18n.js';

export function problemText(error: unknown): string {
  if (isRouteMissing(error)) return t('state.notAvailable.body');
  if (error instanceof ApiProblem) {
    const key = `error.${error.code}`;
    if (isMessageKey(key)) return t(key);
    return error.detail === undefined ? error.title : `${error.title}: ${error.detail}`;
  }
  return t('error.unexpected');
}

/**
 * A field problem's words. A problem with a code the catalogue knows (a CSV file's) is said in the
 * person's language, with its line; otherwise the api's detail is English, so other languages get
 * a general phrase around it.
 */
export function fieldProblemText(problem: Pick<FieldProblem, 'detail' | 'code' | 'line'>): string {
  const key = `fieldProblem.${problem.code ?? ''}`;
  if (problem.code !== undefined && isMessageKey(key))
    return problem.line === undefined ? t(key) : t('fieldProblem.atLine', { line: String(problem.line), problem: t(key) });
  return t('form.fieldInvalid', { detail: problem.detail });
}

/** The words for an error code reported inside a successful answer (a batch's refused item). */
export function codeText(code: string, fallback: string): string {
  const key = `error.${code}`;
  return isMessageKey(key) ? t(key) : fallback;
}
