// The two languages: the message catalogues, the current locale, and translation with named placeholders.
import en from './en.json' with { type: 'json' };
import zhCN from './zh-CN.json' with { type: 'json' };

export const locales = ['zh-CN', 'en'] as const;
export type Locale = (typeof locales)[number];

/** Chinese is the default: most people the community serves read it first. */
export const localeDefault: Locale = 'zh-CN';

export type MessageKey = keyof typeof zhCN;

// Typing English as the Chinese catalogue's keys makes a key missing from en.json a compile error;
// the catalogue test checks the other direction and every key the code uses.
const catalogues: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = { 'zh-CN': zhCN, en };

const storageKey = 'linli.locale';
let current: Locale = readStoredLocale();
const listeners = new Set<() => void>();

function readStoredLocale(): Locale {
  try {
    const stored = localStorage.getItem(storageKey);
    return stored === 'en' || stored === 'zh-CN' ? stored : localeDefault;
  } catch {
    return localeDefault;
  }
}

export function locale(): Locale {
  return current;
}

export function setLocale(next: Locale): void {
  current = next;
  try {
    localStorage.setItem(storageKey, next);
  } catch {
    // Private browsing may refuse storage; the choice then lasts until the page is reloaded.
  }
  document.documentElement.lang = next;
  for (const listener of listeners) listener();
}

/** Called after every language change (the shell re-renders the page). */
export function onLocaleChange(listener: () => void): void {
  listeners.add(listener);
}

export type MessageParams = Readonly<Record<string, string>>;

/** The message for `key` in the current language, with `{name}` placeholders filled in. */
export function t(key: MessageKey, params: MessageParams = {}): string {
  // A key the type allows but a catalogue lacks is caught by the catalogue test; here it shows itself.
  const template = catalogues[current][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

/** For keys built at run time (error codes, units): true when the catalogue has it. */
export function isMessageKey(key: string): key is MessageKey {
  // Not Object.hasOwn: it arrived in Chrome 93 and Safari 15.4, after the WebViews the app supports.
  return Object.prototype.hasOwnProperty.call(catalogues[current], key);
}
