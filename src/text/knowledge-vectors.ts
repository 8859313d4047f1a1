import { openWorkerChannel, type WorkerChannel } from '../shared/index.js';
import { defaultSvdOptions, embedTexts, fitSvdEmbedder, type SvdEmbedder } from './svd-embedder.js';

/** The knowledge base embedded: LSA fitted on the articles, and each article's unit vector (row-major). */
export interface KnowledgeVectors {
  embedder: SvdEmbedder;
  vectors: Float32Array;
}

/** Fits the knowledge base's embedder: called with every article's text, in the articles' order. */
export type FitKnowledge = (texts: readonly string[]) => Promise<KnowledgeVectors | null>;

/** Above this many articles, terms in a single article are left out: they bound the SVD's width. */
const MIN_DF_FROM = 200;

/** LSA over the articles and their vectors; null when there is nothing to embed. */
export function fitKnowledgeVectors(texts: readonly string[]): KnowledgeVectors | null {
  if (texts.length === 0) return null;
  const embedder = fitSvdEmbedder(texts, {
    ...defaultSvdOptions,
    dims: Math.min(defaultSvdOptions.dims, texts.length),
    features: { ...defaultSvdOptions.features, minDf: texts.length >= MIN_DF_FROM ? 2 : 1 },
  });
  if (embedder.dims === 0) return null;
  return { embedder, vectors: embedTexts(embedder, texts) };
}

/**
 * `fitKnowledgeVectors` on a worker thread of its own, started for the fit and stopped after it: a refit of a large
 * knowledge base (seconds of SVD) then never holds up the server's event loop. Where the thread cannot start or
 * dies, the fit runs on the calling thread instead (slower to answer, but search keeps working).
 */
export function fitKnowledgeOffThread(
  onFallback: (error: unknown) => void = () => {},
  workerName = 'knowledge-worker',
): FitKnowledge {
  return async (texts) => {
    let channel: WorkerChannel<readonly string[], KnowledgeVectors | null, never> | null = null;
    try {
      channel = await openWorkerChannel<readonly string[], KnowledgeVectors | null, never, never>(
        { callerUrl: import.meta.url, name: workerName },
        null,
      );
      return await channel.call(texts);
    } catch (error) {
      onFallback(error);
      return fitKnowledgeVectors(texts);
    } finally {
      await channel?.terminate();
    }
  };
}
