// A transaction's kind in words (服务时长入账 / service credit); unknown kinds show their code.
import { isMessageKey, t } from '../i18n/i18n.js';

export function kindName(kind: string): string {
  const key = `kind.${kind}`;
  return isMessageKey(key) ? t(key) : kind;
}
