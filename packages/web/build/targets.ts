// The oldest browsers the web app runs in, in the two notations the build needs: esbuild's
// targets (what syntax it lowers) and a browserslist query (what es-check holds the output to).

/**
 * Chrome 80 (February 2020) covers Android System WebView and WeChat's XWeb on the phones older
 * volunteers carry; Safari 14.1 / iOS 14.5 (April 2021) is the oldest Safari whose destructuring
 * esbuild accepts as complete (it cannot lower destructuring, and the app uses it throughout),
 * and the first with Intl's `dateStyle`, `formatRange` and `signDisplay`, which the pages format
 * dates and amounts with.
 */
export const esbuildTargets = ['chrome80', 'safari14.1', 'ios14.5'] as const;

/** The same browsers for es-check, which refuses any built-in (`Object.hasOwn`, …) they lack. */
export const browserslistQuery = 'chrome >= 80, and_chr >= 80, android >= 80, safari >= 14.1, ios_saf >= 14.5';

/** Said in the build's summary and in docs/PERFORMANCE.md. */
export const targetsText = 'Chrome 80 (Android WebView, WeChat) and Safari 14.1 / iOS 14.5';
