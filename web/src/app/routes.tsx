import type { ComponentType } from 'react';
import { ModelsPage } from '../models/models-page';
import { OverviewPage } from '../overview/overview-page';
import { ProfilesPage } from '../profiles/profiles-page';
import { QualityPage } from '../quality/quality-page';
import { RecommendationsPage } from '../recommendations/recommendations-page';
import { SegmentsPage } from '../segments/segments-page';
import { TextLabPage } from '../text/text-lab-page';

export interface Route {
  /** Hash path, e.g. `/` is `#/`, `/profiles` is `#/profiles`. */
  path: string;
  label: string;
  page: ComponentType;
  /** Also matches the paths below it, e.g. `/profiles/cus_1` for `/profiles`. */
  nested?: boolean;
}

// Add a page here to get a nav entry and a route.
export const routes: readonly Route[] = [
  { path: '/', label: 'Overview', page: OverviewPage },
  { path: '/profiles', label: 'Profiles', page: ProfilesPage, nested: true },
  { path: '/segments', label: 'Segments', page: SegmentsPage },
  { path: '/quality', label: 'Data quality', page: QualityPage },
  { path: '/models', label: 'Models', page: ModelsPage, nested: true },
  { path: '/recommendations', label: 'Recommendations', page: RecommendationsPage, nested: true },
  { path: '/text', label: 'Text lab', page: TextLabPage },
];

export function findRoute(path: string): Route | undefined {
  return routes.find(
    (route) => route.path === path || (route.nested === true && path.startsWith(`${route.path}/`)),
  );
}
