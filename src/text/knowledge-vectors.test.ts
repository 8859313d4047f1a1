import { describe, expect, it } from 'vitest';
import { createRng } from '../shared/index.js';
import { fitKnowledgeOffThread, fitKnowledgeVectors } from './knowledge-vectors.js';

const topics = [
  'returns refund label parcel money back within thirty days',
  'delivery courier tracking number late parcel shipping',
  'payment card declined invoice charge twice bank',
  'size guide fit small large exchange measure',
];

/** Articles on a few topics, with some words of another topic mixed in. */
function articles(n: number, words = 40): string[] {
  const rng = createRng('kb');
  return Array.from({ length: n }, (_, i) => {
    const own = topics[i % topics.length]!.split(' ');
    const other = topics[(i + 1) % topics.length]!.split(' ');
    return Array.from({ length: words }, () => rng.pick(rng.next() < 0.8 ? own : other)).join(' ');
  });
}

describe('knowledge-base vectors', () => {
  it('fitted on a worker thread equal those fitted in process', async () => {
    const texts = articles(60);
    const here = fitKnowledgeVectors(texts)!;
    const there = (await fitKnowledgeOffThread()(texts))!;
    expect(there.embedder.dims).toBe(here.embedder.dims);
    expect(there.embedder.tfidf.cols).toBe(here.embedder.tfidf.cols);
    expect(there.vectors).toEqual(here.vectors);
    expect(there.embedder.components).toEqual(here.embedder.components);
    expect(await fitKnowledgeOffThread()([])).toBeNull();
    expect(fitKnowledgeVectors([])).toBeNull();
  });

  it('are fitted on the calling thread when the worker thread cannot start', async () => {
    const texts = articles(30);
    const failures: unknown[] = [];
    const fitted = await fitKnowledgeOffThread((e) => failures.push(e), 'no-such-worker')(texts);
    expect(failures).toHaveLength(1);
    expect(fitted!.vectors).toEqual(fitKnowledgeVectors(texts)!.vectors);
  });

  it('keep the event loop turning while a large knowledge base is fitted off thread', async () => {
    const texts = articles(400, 300);
    let turns = 0;
    let done = false;
    const spin = () => {
      if (done) return;
      turns++;
      setImmediate(spin);
    };
    setImmediate(spin);
    const fitted = await fitKnowledgeOffThread()(texts);
    done = true;
    expect(fitted?.vectors.length).toBe(400 * fitted!.embedder.dims);
    // In process the fit holds the loop from start to end; off thread the loop went on turning meanwhile.
    expect(turns).toBeGreaterThan(10);
  });
});
