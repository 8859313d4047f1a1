import { describe, expect, it } from 'vitest';
import { createRng } from '../shared/index.js';
import { fitItemKnn, itemNeighbours } from './item-knn.js';
import { rowOf } from './matrix.js';
import { denseBinary, randomMatrix, smallShop } from './test-kit.js';

// Cosine similarities of the small shop, co / √(nᵢ·nⱼ) with users per item 3, 2, 2, 3, 1:
// (0,1) = (0,2) = (2,3) = 1/√6 = 0.4082483, (0,3) = 2/3, (0,4) = (3,4) = 1/√3 = 0.5773503, (1,2) = 1/2,
// (1,3) = 2/√6 = 0.8164966; (1,4) = (2,4) = 0.
const S6 = 1 / Math.sqrt(6);
const S3 = 1 / Math.sqrt(3);

function neighbourRow(m: ReturnType<typeof itemNeighbours>, i: number): [number, number][] {
  const { indices, weights } = rowOf(m, i);
  return Array.from(indices, (j, p) => [j, weights[p]!]);
}

function expectRow(actual: [number, number][], expected: [number, number][]): void {
  expect(actual.map(([j]) => j)).toEqual(expected.map(([j]) => j));
  actual.forEach(([, s], p) => expect(s).toBeCloseTo(expected[p]![1], 6));
}

describe('itemNeighbours', () => {
  it('keeps the most similar items per target, ties to the lower index, listed by index', () => {
    const m = itemNeighbours(smallShop(), { neighbours: 2 });
    expectRow(neighbourRow(m, 0), [
      [3, 2 / 3],
      [4, S3],
    ]);
    expectRow(neighbourRow(m, 1), [
      [2, 0.5],
      [3, 2 * S6],
    ]);
    expectRow(neighbourRow(m, 2), [
      [0, S6],
      [1, 0.5],
    ]); // 0 and 3 tie at 1/√6: 0 is kept
    expectRow(neighbourRow(m, 3), [
      [0, 2 / 3],
      [1, 2 * S6],
    ]);
    expectRow(neighbourRow(m, 4), [
      [0, S3],
      [3, S3],
    ]);
  });

  it('uses Jaccard and shrinkage when asked', () => {
    // Jaccard co / (nᵢ + nⱼ − co) for item 3: (3,0) = 2/4, (3,1) = 2/3, (3,2) = 1/4, (3,4) = 1/3.
    const jaccard = itemNeighbours(smallShop(), { neighbours: 2, similarity: 'jaccard' });
    expectRow(neighbourRow(jaccard, 3), [
      [0, 0.5],
      [1, 2 / 3],
    ]);
    // Cosine with λ = 1: (3,0) = 2/(3 + 1), (3,1) = 2/(√6 + 1) = 0.5797959, (3,4) = 1/(√3 + 1) = 0.3660254.
    const shrunk = itemNeighbours(smallShop(), { neighbours: 3, shrinkage: 1 });
    expectRow(neighbourRow(shrunk, 3), [
      [0, 0.5],
      [1, 2 / (Math.sqrt(6) + 1)],
      [4, 1 / (Math.sqrt(3) + 1)],
    ]);
  });

  it('matches dense cosine similarities on a random matrix when every neighbour is kept', () => {
    const matrix = randomMatrix(createRng('knn'), 40, 25, 0.15);
    const x = denseBinary(matrix);
    const m = itemNeighbours(matrix, { neighbours: 1000 });
    for (let i = 0; i < 25; i++) {
      const expected: [number, number][] = [];
      for (let j = 0; j < 25; j++) {
        let co = 0, ni = 0, nj = 0; // prettier-ignore
        for (let u = 0; u < 40; u++) {
          co += x[u * 25 + i]! * x[u * 25 + j]!;
          ni += x[u * 25 + i]!;
          nj += x[u * 25 + j]!;
        }
        if (j !== i && co > 0) expected.push([j, co / Math.sqrt(ni * nj)]);
      }
      expectRow(neighbourRow(m, i), expected);
    }
  });

  it('rejects bad options', () => {
    expect(() => itemNeighbours(smallShop(), { neighbours: -1 })).toThrow(/neighbours/);
    expect(() => itemNeighbours(smallShop(), { shrinkage: -1 })).toThrow(/shrinkage/);
  });
});

describe('fitItemKnn', () => {
  it("scores an item by its kept neighbours among the user's items", () => {
    const fitted = fitItemKnn({ matrix: smallShop() }, { neighbours: 2 });
    const scores = new Float32Array(5);
    // User 0 has items 0, 1, 3. Item 0 keeps {3, 4} → 2/3; item 1 keeps {2, 3} → 2/√6; item 2 keeps {0, 1} →
    // 1/√6 + 1/2; item 3 keeps {0, 1} → 2/3 + 2/√6; item 4 keeps {0, 3} → 2/√3.
    fitted.scoreUser(0, scores);
    const expected = [2 / 3, 2 * S6, S6 + 0.5, 2 / 3 + 2 * S6, 2 * S3];
    expected.forEach((v, i) => expect(scores[i]).toBeCloseTo(v, 6));
    // User 1 has items 0, 2: item 0 → 0 (neither is kept by 0), 1 → 1/2, 2 → 1/√6, 3 → 2/3, 4 → 1/√3.
    fitted.scoreUser(1, scores);
    [0, 0.5, S6, 2 / 3, S3].forEach((v, i) => expect(scores[i]).toBeCloseTo(v, 6));
  });
});
