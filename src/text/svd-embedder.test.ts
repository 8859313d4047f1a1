import { describe, expect, it } from 'vitest';
import { createRng } from '../shared/index.js';
import { createRowBuilder } from './sparse.js';
import { defaultSvdOptions, embedTexts, fitSvdEmbedder, truncatedSvd } from './svd-embedder.js';

describe('truncated SVD and LSA embeddings', () => {
  it('recovers the singular values of a low-rank sparse matrix', () => {
    // X = 5·u1 v1ᵀ + 2·u2 v2ᵀ over 40 × 30 with disjoint supports, so its singular values are exactly 5 and 2.
    const b = createRowBuilder(30);
    for (let i = 0; i < 40; i++) {
      if (i < 20) for (let j = 0; j < 15; j++) b.add(j, 5 / Math.sqrt(20 * 15));
      else for (let j = 15; j < 30; j++) b.add(j, 2 / Math.sqrt(20 * 15));
      b.endRow();
    }
    const { values, vectors, k } = truncatedSvd(b.finish(), 2, {
      oversample: 5,
      powerIterations: 2,
      seed: 's',
    });
    expect(k).toBe(2);
    expect(values[0]).toBeCloseTo(5, 6);
    expect(values[1]).toBeCloseTo(2, 6);
    // The first right singular vector lives on the first 15 columns, unit length.
    let inside = 0;
    let outside = 0;
    for (let j = 0; j < 30; j++) {
      const v = vectors[j * 2]! ** 2;
      if (j < 15) inside += v;
      else outside += v;
    }
    expect(inside).toBeCloseTo(1, 6);
    expect(outside).toBeCloseTo(0, 6);
  });

  it('puts texts on the same topic closer than texts on different ones, deterministically', () => {
    const rng = createRng('topics');
    const topics = [
      ['refund', 'money', 'back', 'return', 'reimburse'],
      ['parcel', 'delivery', 'courier', 'shipping', 'tracking'],
      ['password', 'login', 'account', 'reset', 'locked'],
    ];
    const texts = Array.from({ length: 90 }, (_, i) =>
      Array.from({ length: 6 }, () => rng.pick(topics[i % 3]!)).join(' '),
    );
    const options = { ...defaultSvdOptions, dims: 8 };
    const e = fitSvdEmbedder(texts, options);
    expect(e.dims).toBe(8);
    const [a, b, c] = [
      embedTexts(e, ['refund my money']),
      embedTexts(e, ['return it, money back']),
      embedTexts(e, ['courier tracking']),
    ];
    const cos = (x: Float32Array, y: Float32Array) => x.reduce((s, v, i) => s + v * y[i]!, 0);
    expect(cos(a, a)).toBeCloseTo(1, 5);
    expect(cos(a, b)).toBeGreaterThan(cos(a, c) + 0.3);
    expect(Array.from(fitSvdEmbedder(texts, options).components)).toEqual(Array.from(e.components));
    expect(Array.from(embedTexts(e, ['zzz unknown']))).toEqual(new Array(8).fill(0));
  });
});
