import { AppError, hashString } from '../shared/index.js';
import { extractAspects, type AspectMention } from './aspects.js';
import { explainText, type WordWeight } from './explain-text.js';
import { scoreSentiment } from './lexicon-sentiment.js';
import { MAX_TEXT_CHARS } from './normalize.js';
import { predictTexts, type ClassProbability, type TextClassifier } from './text-classifier.js';
import { parseTextModelArtifact } from './text-model-artifact.js';
import { fitKnowledgeVectors, type FitKnowledge } from './knowledge-vectors.js';
import { analyzeReview, type ReviewAnalysis } from './review-analysis.js';
import { embedTexts, type SvdEmbedder } from './svd-embedder.js';
import { createExactIndex, type VectorIndex } from './vector-index.js';

/**
 * Text analysis for the API and the dashboard's Text lab: intent and sentiment from the live text models
 * (`text_intent`, else the pipeline's `support_intent`; `text_sentiment`, else the pipeline's `review_sentiment`, else
 * the lexicon), aspects with sentiment, and the
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
  /** Every knowledge-base article. */
  knowledgeBase(): Promise<KnowledgeArticle[]>;
  /** Epoch ms. */
  now(): number;
  /**
   * Fits the knowledge base's embedder (default: on the calling thread; the server passes
   * `fitKnowledgeOffThread`, so a refit never blocks its event loop).
   */
  fitKnowledge?: FitKnowledge;
  /**
   * The vector index for `size` articles of `dims` dimensions (default: exact search; the server switches to HNSW
   * for large knowledge bases).
   */
  vectorIndex?: (dims: number, size: number) => VectorIndex;
}

/** How long the knowledge-base index is used before the articles are read again to see whether they changed. */
const KB_RECHECK_MS = 30_000;

export interface KnowledgeArticle {
  id: string;
  title: string;
  body: string;
  tags: string[];
  updatedAt: number;
}

export interface KnowledgeHit {
  id: string;
  title: string;
  /** Cosine similarity of the query and the article in the embedding space, −1..1. */
  score: number;
  snippet: string;
}

export interface ProductReview {
  title: string | null;
  body: string;
  rating: number | null;
  createdAt: number;
  /** Stored at import; analysed now when absent. */
  analysis?: ReviewAnalysis | null;
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
/** The sentiment model the pipeline learns from the shop's reviews and star ratings (`rapport pipeline run`). */
export const REVIEW_SENTIMENT_MODEL = 'review_sentiment';
/** The intent model the pipeline learns from the help desk's labelled support conversations (`rapport pipeline run`). */
export const SUPPORT_INTENT_MODEL = 'support_intent';
const TOP = 5;
const WORDS = 8;

export interface TextService {
  analyze(text: string): Promise<TextAnalysis>;
  productAspects(productId: string, limit: number): Promise<ProductAspects>;
  /** Knowledge-base articles nearest in meaning to `query` (LSA embeddings, rebuilt when the articles change). */
  searchKnowledgeBase(query: string, k: number): Promise<KnowledgeHit[]>;
}

const SNIPPET = 200;

export function createTextService(deps: TextServiceDeps): TextService {
  const fitKnowledge = deps.fitKnowledge ?? (async (texts) => fitKnowledgeVectors(texts));
  const vectorIndex = deps.vectorIndex ?? ((dims: number) => createExactIndex(dims));
  const loaded = new Map<string, { id: string; model: TextClassifier }>();
  interface Kb {
    digest: string;
    checkedAt: number;
    articles: Map<string, KnowledgeArticle>;
    index: KnowledgeIndex | null;
  }
  let kb: Kb | null = null;
  let refreshing: Promise<Kb> | null = null;

  /**
   * The knowledge-base index: the articles are read again at most every 30 s, and the index refitted only when one
   * was added, removed or changed (a digest of ids and content). Concurrent requests share one refresh.
   */
  async function knowledgeIndex(): Promise<Kb> {
    if (kb !== null && deps.now() - kb.checkedAt < KB_RECHECK_MS) return kb;
    refreshing ??= (async () => {
      const articles = await deps.knowledgeBase();
      const digest = articles
        .map((a) => `${a.id}:${hashString(articleText(a))}`)
        .sort()
        .join('\n');
      const checkedAt = deps.now();
      if (kb?.digest === digest) kb = { ...kb, checkedAt };
      else
        kb = {
          digest,
          checkedAt,
          articles: new Map(articles.map((a) => [a.id, a])),
          index: await buildKnowledgeIndex(articles, fitKnowledge, vectorIndex),
        };
      return kb;
    })().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

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
      const [trainedIntent, supportIntent, trainedSentiment, reviewSentiment] = await Promise.all([
        live(INTENT_MODEL),
        live(SUPPORT_INTENT_MODEL),
        live(SENTIMENT_MODEL),
        live(REVIEW_SENTIMENT_MODEL),
      ]);
      // Likewise for intents: a curated `text_intent` wins over the one learned from the help desk's topics.
      const intentModel = trainedIntent ?? supportIntent;
      // A model trained on curated labels (rapport text train) wins over the one learned from star ratings.
      const sentimentModel = trainedSentiment ?? reviewSentiment;
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

    async searchKnowledgeBase(query, k) {
      if (query.length > MAX_TEXT_CHARS)
        throw new AppError('invalid_request', `The query is longer than ${MAX_TEXT_CHARS} characters.`);
      const { index, articles } = await knowledgeIndex();
      if (index === null) return [];
      return index.vectors.search(embedTexts(index.embedder, [query]), k).map((hit) => {
        const a = articles.get(hit.id)!;
        return { id: a.id, title: a.title, score: hit.score, snippet: a.body.slice(0, SNIPPET) };
      });
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
        const analyses = rows.map((r) => r.analysis ?? analyzeReview(r.title, r.body));
        const sentiment = analyses.reduce((a, x) => a + (x.sentiment?.score ?? 0), 0) / rows.length;
        const rated = rows.filter((r) => r.rating !== null);
        const aspects = new Map<string, { mentions: number; sum: number }>();
        for (const x of analyses)
          for (const a of x.aspects) {
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

interface KnowledgeIndex {
  embedder: SvdEmbedder;
  vectors: VectorIndex;
}

const articleText = (a: KnowledgeArticle) => [a.title, a.body, a.tags.join(' ')].join('\n');

/** The articles' index; null when there is nothing to embed. */
async function buildKnowledgeIndex(
  articles: readonly KnowledgeArticle[],
  fit: FitKnowledge,
  vectorIndex: (dims: number, size: number) => VectorIndex,
): Promise<KnowledgeIndex | null> {
  const fitted = await fit(articles.map(articleText));
  if (fitted === null) return null;
  const vectors = vectorIndex(fitted.embedder.dims, articles.length);
  vectors.add(
    articles.map((a) => a.id),
    fitted.vectors,
  );
  return { embedder: fitted.embedder, vectors };
}
