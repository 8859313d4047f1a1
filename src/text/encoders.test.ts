import { describe, expect, it } from 'vitest';
import { isAppError } from '../shared/index.js';
import { predictEmbeddingHead, trainEmbeddingHead } from './embedding-head.js';
import { lsaEncoder, remoteEncoder } from './encoders.js';
import { encoderHeadTrainer, evaluateTexts } from './evaluate-text.js';
import { defaultSvdOptions } from './svd-embedder.js';
import { syntheticIntents } from './test-kit.js';
import { defaultTextTrainOptions } from './text-classifier.js';

const head = { svm: defaultTextTrainOptions.svm, seed: '0', threads: 1 };

describe('encoders and the classifier head', () => {
  it('the head learns from dense vectors and calibrates its probabilities', async () => {
    // Three classes on three axes of 4-dim vectors, with noise on the fourth.
    const labels = Array.from({ length: 60 }, (_, i) => ['a', 'b', 'c'][i % 3]!);
    const x = new Float32Array(60 * 4);
    labels.forEach((_, i) => {
      x[i * 4 + (i % 3)] = 1;
      x[i * 4 + 3] = ((i * 7) % 11) / 11;
    });
    const h = await trainEmbeddingHead(x, 4, labels, head);
    expect(h.labels).toEqual(['a', 'b', 'c']);
    expect(h.temperature).toBeGreaterThan(0);
    const p = predictEmbeddingHead(h, Float32Array.from([0, 1, 0, 0.5, 0, 0, 1, 0.1]));
    expect(p.map((q) => q.label)).toEqual(['b', 'c']);
    expect(p[0]!.confidence).toBeGreaterThan(0.5);
  });

  it('a remote encoder batches, normalizes, and refuses inconsistent vectors', async () => {
    const calls: number[] = [];
    const embed = async (texts: readonly string[]) => {
      calls.push(texts.length);
      return texts.map((t) => [t.length, 1, 0]);
    };
    const fitted = await remoteEncoder('fake', embed, 2).fit([]);
    const v = await fitted.encode(['abc', 'de', 'f', 'ghij', '']);
    expect(calls).toEqual([2, 2, 1]);
    expect(fitted.dims).toBe(3);
    expect(Math.hypot(v[0]!, v[1]!, v[2]!)).toBeCloseTo(1, 6);
    const code = async (f: () => Promise<unknown>) =>
      f().then(
        () => 'ok',
        (e: unknown) => (isAppError(e) ? e.code : 'other'),
      );
    const short = await remoteEncoder('short', async (t) => t.slice(1).map(() => [1])).fit([]);
    expect(await code(() => short.encode(['a', 'b']))).toBe('embedding_failed');
    let n = 2;
    const growing = await remoteEncoder(
      'growing',
      async (t) => t.map(() => new Array<number>(n++).fill(1)),
      1,
    ).fit([]);
    expect(await code(() => growing.encode(['a', 'b']))).toBe('embedding_failed');
  });

  it('evaluates a head on the built-in LSA encoder under a split, the encoder fitted per round', async () => {
    const data = syntheticIntents(25);
    const e = await evaluateTexts(
      data,
      { kind: 'split', spec: { kind: 'cv', k: 3, seed: 's' } },
      encoderHeadTrainer(lsaEncoder({ ...defaultSvdOptions, dims: 16 }), head),
    );
    expect(e.folds).toHaveLength(3);
    expect(e.folds[0]!.kind).toBe('head on lsa-16');
    expect(e.summary.accuracy.mean).toBeGreaterThan(0.7);
    expect(e.model).toBeNull();
  });
});
