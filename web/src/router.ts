import { useEffect, useState } from 'preact/hooks';

/** A tiny history router under the app's base (/console/). */
const BASE = import.meta.env.BASE_URL.replace(/\/$/, '');

export function currentPath(): string {
  const p = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : location.pathname;
  return p || '/';
}

export function href(path: string): string {
  return BASE + path;
}

export function navigate(path: string, replace = false): void {
  if (path === currentPath()) return;
  if (replace) history.replaceState(null, '', href(path));
  else history.pushState(null, '', href(path));
  dispatchEvent(new Event('app:navigate'));
}

export function usePath(): string {
  const [path, setPath] = useState(currentPath());
  useEffect(() => {
    const on = () => setPath(currentPath());
    addEventListener('popstate', on);
    addEventListener('app:navigate', on);
    return () => {
      removeEventListener('popstate', on);
      removeEventListener('app:navigate', on);
    };
  }, []);
  return path;
}

/** Click handler for in-app links: plain clicks navigate, modified clicks open normally. */
export function linkClick(path: string) {
  return (e: MouseEvent) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(path);
  };
}
