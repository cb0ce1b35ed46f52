// A button that downloads a file from the api with the session's token, with progress and errors said aloud.
import { apiDownload } from '../api.js';
import { t } from '../i18n/i18n.js';
import { h } from './dom.js';
import { problemText } from './problem-text.js';
import { isRouteMissing } from '../api.js';

export function downloadButton(label: string, path: string, fallbackName: string): HTMLElement {
  const status = h('span', { class: 'download-status', role: 'status' });
  const button = h('button', { type: 'button', class: 'button' }, label);
  button.addEventListener('click', () => {
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    status.textContent = t('download.preparing');
    status.className = 'download-status';
    apiDownload(path, fallbackName)
      .then(({ blob, filename }) => {
        const url = URL.createObjectURL(blob);
        const link = h('a', { href: url, download: filename, hidden: true });
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
        status.textContent = t('download.done', { file: filename });
      })
      .catch((error: unknown) => {
        status.className = isRouteMissing(error) ? 'download-status pending' : 'download-status error';
        status.textContent = isRouteMissing(error) ? t('state.notAvailable.title') : problemText(error);
      })
      .finally(() => {
        button.disabled = false;
        button.removeAttribute('aria-busy');
      });
  });
  return h('span', { class: 'download' }, button, status);
}
