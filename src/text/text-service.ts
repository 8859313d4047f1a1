import { AppError } from '../shared/index.js';
import { extractAspects, type AspectMention } from './aspects.js';
import { explainText, type WordWeight } from './explain-text.js';
import { scoreSentiment } from './lexicon-sentiment.js';
import { MAX_TEXT_CHARS } from './normalize.js';
import { predictTexts, type ClassProbability, type TextClassifier } from './text-classifier.js';
import { parseTextModelArtifact } from './text-model-artifact.js';

/**
 * Text analysis for the API and the dashboard's Text lab: intent and sentiment from the live text models
 * (`text_intent`, `text_sentiment`; the lexicon when no sentiment model is live), aspects with sentiment, and the
 * aspects of a product's reviews month by month. Parsed models are kept until another version goes live.
 */

export interface ModelRef {
  id: string;
  name: string;
  version: number;
  modelType: string;
}

export interface TextServiceDeps {
  /** The live version of a model name, or null. */
  activeVersion(name: string): Promise<ModelRef | null>;
  artifact(id: string): Promise<unknown>;
  reviewsOfProduct(productId: string, limit: number): Promise<ProductReview[]>;
}

export interface ProductReview {
  title: string | null;
  body: string;
  rating: number | null;
  createdAt: number;
}

export interface ClassAnswer {
  model: Omit<ModelRef, 'modelType'>;
  label: string;
  confidence: number;
  outOfScope: boolean;
  top: ClassProbability[];
  words: WordWeight[];
}

export interface TextAnalysis {
  intent: ClassAnswer | null;
  sentiment:
    | ({ source: 'model' } & ClassAnswer)
    | { source: 'lexicon'; label: string; score: number; words: WordWeight[] };
  aspects: AspectMention[];
}

export interface MonthAspects {
  /** `YYYY-MM` (UTC). */
  month: string;
  reviews: number;
  /** Mean lexicon sentiment of the month's reviews, −1..1. */
  sentiment: number;
  /** Mean star rating of the rated ones, or null. */
  rating: number | null;
  aspects: { aspect: string; mentions: number; sentiment: number }[];
}

export interface ProductAspects {
  productId: string;
  reviews: number;
  months: MonthAspects[];
}

export const INTENT_MODEL = 'text_intent';
export const SENTIMENT_MODEL = 'text_sentiment';
const TOP = 5;
const WORDS = 8;

export interface TextService {
  analyze(text: string): Promise<TextAnalysis>;
  productAspects(productId: string, limit: number): Promise<ProductAspects>;
}

export function createTextService(deps: TextServiceDeps): TextService {
  const loaded = new Map<string, { id: string; model: TextClassifier }>();

  async function live(name: string): Promise<{ ref: ModelRef; model: TextClassifier } | null> {
    const ref = await deps.activeVersion(name);
    if (ref === null || !ref.modelType.startsWith('text_')) return null;
    let entry = loaded.get(name);
    if (entry?.id !== ref.id) {
      entry = { id: ref.id, model: parseTextModelArtifact(await deps.artifact(ref.id)) };
      loaded.set(name, entry);
    }
    return { ref, model: entry.model };
  }

  function answer(found: { ref: ModelRef; model: TextClassifier }, text: string): ClassAnswer {
    const [p] = predictTexts(found.model, [text], TOP);
    const { id, name, version } = found.ref;
    return {
      model: { id, name, version },
      label: p!.label,
      confidence: p!.confidence,
      outOfScope: p!.outOfScope,
      top: p!.top,
      words: explainText(found.model, text, p!.label, WORDS),
    };
  }

  return {
    async analyze(text) {
      if (text.length > MAX_TEXT_CHARS)
        throw new AppError('invalid_request', `The text is longer than ${MAX_TEXT_CHARS} characters.`);
      const [intentModel, sentimentModel] = await Promise.all([live(INTENT_MODEL), live(SENTIMENT_MODEL)]);
      const lexicon = () => {
        const s = scoreSentiment(text);
        return {
          source: 'lexicon' as const,
          label: s.label,
          score: s.score,
          words: s.evidence.slice(0, WORDS).map((e) => ({ text: e.token, weight: e.weight })),
        };
      };
      return {
        intent: intentModel ? answer(intentModel, text) : null,
        sentiment: sentimentModel ? { source: 'model' as const, ...answer(sentimentModel, text) } : lexicon(),
        aspects: extractAspects(text),
      };
    },

    async productAspects(productId, limit) {
      const reviews = await deps.reviewsOfProduct(productId, limit);
      const byMonth = new Map<string, ProductReview[]>();
      for (const r of reviews) {
        const month = new Date(r.createdAt).toISOString().slice(0, 7);
        byMonth.set(month, [...(byMonth.get(month) ?? []), r]);
      }
      const months = [...byMonth.keys()].sort().map((month): MonthAspects => {
        const rows = byMonth.get(month)!;
        const texts = rows.map((r) => [r.title, r.body].filter((s) => s !== null && s !== '').join('. '));
        const sentiment = texts.reduce((a, t) => a + scoreSentiment(t).score, 0) / rows.length;
        const rated = rows.filter((r) => r.rating !== null);
        const aspects = new Map<string, { mentions: number; sum: number }>();
        for (const t of texts)
          for (const a of extractAspects(t)) {
            const seen = aspects.get(a.aspect) ?? { mentions: 0, sum: 0 };
            seen.mentions++;
            seen.sum += a.sentiment;
            aspects.set(a.aspect, seen);
          }
        return {
          month,
          reviews: rows.length,
          sentiment,
          rating: rated.length === 0 ? null : rated.reduce((a, r) => a + r.rating!, 0) / rated.length,
          aspects: [...aspects]
            .map(([aspect, s]) => ({ aspect, mentions: s.mentions, sentiment: s.sum / s.mentions }))
            .sort((a, b) => b.mentions - a.mentions || a.aspect.localeCompare(b.aspect)),
        };
      });
      return { productId, reviews: reviews.length, months };
    },
  };
}
