// Hash routing: `#/staff/intake?x=1` → the page for `/staff/intake` with its query.

export interface Location {
  path: string;
  query: URLSearchParams;
}

export function currentLocation(): Location {
  const hash = window.location.hash.replace(/^#/, '');
  const [path = '/', search = ''] = hash.split('?', 2);
  return { path: path === '' ? '/' : path, query: new URLSearchParams(search) };
}

export function navigate(path: string): void {
  const target = `#${path}`;
  if (window.location.hash === target) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else window.location.hash = target;
}

export function onNavigate(listener: () => void): void {
  window.addEventListener('hashchange', listener);
}
