import type { Rng } from '../shared/index.js';
import { iso, type TimeWindow } from './calendar.js';
import { kbArticles } from './kb-articles.js';
import type { DemoKbRow } from './types.js';

/** The help-centre articles as import rows, each last edited at some point in the window. */
export function generateKb(rng: Rng, window: TimeWindow): DemoKbRow[] {
  return kbArticles.map((a) => ({
    id: `kb_${a.slug}`,
    title: a.title,
    body: a.body,
    tags: a.tags.join('|'),
    updated_at: iso(window.start + Math.floor(rng.next() * (window.end - window.start))),
  }));
}
