import { useSyncExternalStore } from 'react';

/** The current hash route: `#/profiles?x=1` gives `/profiles`; an empty hash gives `/`. */
export function useHashPath(): string {
  return useSyncExternalStore(subscribe, readHashPath);
}

export function hrefFor(path: string): string {
  return `#${path}`;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

function readHashPath(): string {
  const path = window.location.hash.replace(/^#/, '').split('?')[0] ?? '';
  return path.startsWith('/') ? path : `/${path}`;
}
