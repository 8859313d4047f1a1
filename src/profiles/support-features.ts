import { featuresOf, type FeatureContext, type FeatureDefinition } from './feature-registry.js';

const DAY = 86_400_000;

const feature = featuresOf('text');

/** Intents by conversations, most first (ties: the most recent, then alphabetical). */
function ranked(c: FeatureContext): string[] {
  return Object.entries(c.support.intents)
    .filter(([, s]) => s.n > 0)
    .sort((a, b) => b[1].n - a[1].n || b[1].lastAt - a[1].lastAt || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([intent]) => intent);
}

/**
 * Features from a customer's support conversations (chat, email, …). A conversation's intent is the help desk's own
 * label when the import carried one (`topic`), else what the support-intent model predicted (written by the
 * pipeline's `support_intent` job; it reaches profiles at their next rebuild).
 */
export const supportFeatures: readonly FeatureDefinition[] = [
  feature(
    'support_contacts',
    'number',
    'Support conversations started by the customer.',
    ({ support: s }) => s.count,
  ),
  feature(
    'support_last_contact_days',
    'number',
    'Days from the latest support conversation to the as-of time; null without one.',
    ({ support: s, asOf }) =>
      s.lastAt === null ? null : Math.round((Math.max(0, asOf - s.lastAt) / DAY) * 100) / 100,
  ),
  feature(
    'support_intents',
    'string[]',
    "Every intent of the customer's support conversations, most frequent first (labels, else predictions).",
    ranked,
  ),
  feature(
    'support_top_intent',
    'string',
    'The most frequent intent of the support conversations (ties: the most recent); null without one.',
    (c) => ranked(c)[0] ?? null,
  ),
  feature(
    'support_last_intent',
    'string',
    'The intent of the latest support conversation that has one; null without one.',
    ({ support: s }) => s.lastIntent,
  ),
];
