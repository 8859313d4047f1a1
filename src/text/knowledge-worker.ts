import { serveWorkerChannel } from '../shared/index.js';
import { fitKnowledgeVectors, type KnowledgeVectors } from './knowledge-vectors.js';

/** A worker thread that fits the knowledge base's LSA embedder and embeds the articles (knowledge-vectors.ts). */
serveWorkerChannel<readonly string[], KnowledgeVectors | null, never, never>({
  handle: (texts) => fitKnowledgeVectors(texts),
  onClose: () => {},
});
