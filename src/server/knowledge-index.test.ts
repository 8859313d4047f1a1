import { describe, expect, it } from 'vitest';
import { createExactIndex, createTextService, type VectorIndex } from '../text/index.js';
import { KB_HNSW_FROM, knowledgeIndexKind, knowledgeVectorIndex } from './runtime.js';

const article = (id: string, title: string, body: string) => ({ id, title, body, tags: [], updatedAt: 0 });

describe('the knowledge base vector index', () => {
  it('is exact for small knowledge bases and HNSW from the threshold on', () => {
    expect(knowledgeIndexKind(KB_HNSW_FROM - 1)).toBe('exact');
    expect(knowledgeIndexKind(KB_HNSW_FROM)).toBe('hnsw');
    // Both find a vector's own row first.
    for (const size of [10, KB_HNSW_FROM]) {
      const index = knowledgeVectorIndex(4, size);
      index.add(['a', 'b', 'c'], Float32Array.from([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0]));
      expect(index.search(Float32Array.from([0, 0.9, 0.1, 0]), 1)[0]?.id).toBe('b');
    }
  });

  it('is made by the text service through its factory, for the number of articles', async () => {
    const asked: [number, number][] = [];
    const text = createTextService({
      activeVersion: async () => null,
      artifact: async () => null,
      reviewsOfProduct: async () => [],
      now: () => 0,
      knowledgeBase: async () => [
        article('kb1', 'Returns and refunds', 'Return an item and get your money back.'),
        article('kb2', 'Delivery times', 'Parcels ship in two days with tracking.'),
        article('kb3', 'Payment', 'Cards and bank transfer are accepted.'),
      ],
      vectorIndex: (dims: number, size: number): VectorIndex => {
        asked.push([dims, size]);
        return createExactIndex(dims);
      },
    });
    const hits = await text.searchKnowledgeBase('when does my parcel ship', 1);
    expect(hits[0]?.id).toBe('kb2');
    expect(asked).toHaveLength(1);
    expect(asked[0]![1]).toBe(3);
  });
});
