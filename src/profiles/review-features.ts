import { featuresOf, type FeatureDefinition } from './feature-registry.js';

const round = (x: number): number => Math.round(x * 1e4) / 1e4;
const TOPICS = 5;

const feature = featuresOf('text');

/**
 * Features from the text of the reviews a customer wrote (title + body), scored by the text engine's lexicon
 * sentiment and aspect extraction when the profiles are rebuilt.
 */
export const reviewTextFeatures: readonly FeatureDefinition[] = [
  feature(
    'review_sentiment_avg',
    'number',
    'Mean lexicon sentiment (-1..1) of the reviews written, title and body together; null without review text.',
    ({ reviews: r }) => (r.scored === 0 ? null : round(r.sentimentSum / r.scored)),
  ),
  feature(
    'review_negative_share',
    'number',
    'Share of the reviews with text whose sentiment reads negative; null without review text.',
    ({ reviews: r }) => (r.scored === 0 ? null : round(r.negative / r.scored)),
  ),
  feature(
    'review_aspects',
    'map',
    'Mean sentiment (-1..1) per aspect the reviews mention (delivery, price, quality, …), over the reviews mentioning it.',
    ({ reviews: r }) => {
      const out: Record<string, number> = {};
      for (const aspect of Object.keys(r.aspects).sort()) {
        const a = r.aspects[aspect];
        if (a !== undefined && a.n > 0) out[aspect] = round(a.sum / a.n);
      }
      return out;
    },
  ),
  feature(
    'review_topics',
    'string[]',
    `Up to ${TOPICS} aspects mentioned in the most reviews (ties alphabetical): interest tags from reviews.`,
    ({ reviews: r }) =>
      Object.entries(r.aspects)
        .filter(([, a]) => a.n > 0)
        .sort((x, y) => y[1].n - x[1].n || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
        .slice(0, TOPICS)
        .map(([aspect]) => aspect),
  ),
];
