import type { ComponentType } from 'react';
import { OverviewPage } from '../overview/overview-page';

export interface Route {
  /** Hash path, e.g. `/` is `#/`, `/profiles` is `#/profiles`. */
  path: string;
  label: string;
  page: ComponentType;
}

// Add a page here to get a nav entry and a route.
export const routes: readonly Route[] = [{ path: '/', label: 'Overview', page: OverviewPage }];

export function findRoute(path: string): Route | undefined {
  return routes.find((route) => route.path === path);
}
