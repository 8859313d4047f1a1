import { describe, expect, it } from 'vitest';
import { createRng } from '../../shared/index.js';
import { fitAls } from '../als.js';
import { easeWeights, fitEase } from '../ease.js';
import { normaliseScores } from '../eval/blend.js';
import { fitItemKnn, itemNeighbours } from '../item-knn.js';
import { rowOf, transpose } from '../matrix.js';
import { popularityScores } from '../popularity.js';
import { fitPersonalPopularity, popularityRankScores } from '../repeat.js';
import { randomMatrix } from '../test-kit.js';
import type { FittedRecommender, InteractionMatrix } from '../types.js';
import {
  compact,
  denseRows,
  parseRecommenderArtifact,
  sparseRows,
  type RecommenderArtifact,
} from './artifact.js';
import { createScorer, type HistoryEntry } from './scorer.js';

const matrix = randomMatrix(createRng('scorer'), 120, 40, 0.12);
const items = Array.from({ length: matrix.items }, (_, i) => `p${String(i).padStart(2, '0')}`);
const popularity = Array.from({ length: matrix.items }, (_, i) => (i * 7) % 13);

function artifact(parts: RecommenderArtifact['parts']): RecommenderArtifact {
  return {
    format: 'rapport.recommender/1',
    items,
    popularity,
    similar: sparseRows(itemNeighbours(matrix, { neighbours: 10 })),
    parts,
  };
}

const historyOf = (m: InteractionMatrix, u: number): HistoryEntry[] =>
  Array.from(rowOf(m, u).indices, (index) => ({ index, bought: 1, interest: 1 }));

/** A fitted model's scores for a user, normalised as the blend does. */
function normalised(model: FittedRecommender, u: number): Float32Array {
  const out = new Float32Array(matrix.items);
  model.scoreUser(u, out);
  normaliseScores(out);
  return out;
}

const users = [0, 7, 33, 64, 101].filter((u) => rowOf(matrix, u).indices.length > 0);

describe('createScorer: serving scores equal the trained models’ on their own users (fold-in)', () => {
  it('item-kNN rows score a history as fitItemKnn scores the user', () => {
    const scorer = createScorer(
      artifact([
        {
          kind: 'itemknn',
          weight: 1,
          rows: sparseRows(transpose(itemNeighbours(matrix, { neighbours: 15 }))),
        },
      ]),
    );
    const fitted = fitItemKnn({ matrix }, { neighbours: 15 });
    for (const u of users) {
      const { scores } = scorer.score(historyOf(matrix, u));
      const want = normalised(fitted, u);
      for (let i = 0; i < matrix.items; i++) expect(scores[i]).toBeCloseTo(want[i] as number, 4);
    }
  });

  it('EASE rows score a history as fitEase does (all weights kept when the catalogue is small)', () => {
    const scorer = createScorer(
      artifact([
        { kind: 'ease', weight: 1, rows: denseRows(easeWeights(matrix, { lambda: 20 }), matrix.items, 200) },
      ]),
    );
    const fitted = fitEase({ matrix }, { lambda: 20 });
    for (const u of users) {
      const { scores } = scorer.score(historyOf(matrix, u));
      const want = normalised(fitted, u);
      for (let i = 0; i < matrix.items; i++) expect(scores[i]).toBeCloseTo(want[i] as number, 4);
    }
  });

  it('ALS solves the customer’s factors from the history: the ranking of the trained user factors', () => {
    const fitted = fitAls({ matrix }, { seed: 'a', factors: 8, iterations: 30, cgSteps: 8, alpha: 5 });
    const scorer = createScorer(
      artifact([
        {
          kind: 'als',
          weight: 1,
          factors: 8,
          regularization: fitted.params.regularization,
          alpha: fitted.params.alpha,
          itemFactors: Array.from(fitted.itemFactors, compact),
        },
      ]),
    );
    for (const u of users) {
      const { scores } = scorer.score(historyOf(matrix, u));
      const want = normalised(fitted, u);
      // Trained with as many CG steps as factors (an exact solve) and to convergence, the user's trained factors are
      // the fold-in's solution; without the confidence term the cosine drops to 0.97–0.999.
      let dot = 0;
      let a = 0;
      let b = 0;
      for (let i = 0; i < matrix.items; i++) {
        const x = (scores[i] as number) - 0.5;
        const y = (want[i] as number) - 0.5;
        dot += x * y;
        a += x * x;
        b += y * y;
      }
      expect(dot / Math.sqrt(a * b)).toBeGreaterThan(0.99999);
    }
  });
});

describe('createScorer: repeat purchases', () => {
  it('ranks a history’s purchase counts as fitPersonalPopularity ranks the user’s weights', () => {
    // Counts with gaps (1, 2, 5 orders): training ranks them by level among the distinct weights, not by size.
    const weighted: InteractionMatrix = {
      ...matrix,
      weights: Float32Array.from(matrix.weights, (_, e) => [1, 2, 5][e % 3] as number),
    };
    const pop = popularityScores({ matrix: weighted });
    const levels = [...new Set(weighted.weights)].sort((a, b) => a - b);
    const scorer = createScorer({
      ...artifact([{ kind: 'repeat', weight: 1, levels }]),
      popularity: Array.from(pop),
    });
    const fitted = fitPersonalPopularity({ matrix: weighted });
    for (const u of users) {
      const row = rowOf(weighted, u);
      const history = Array.from(row.indices, (index, e) => ({
        index,
        bought: row.weights[e] as number,
        interest: 1,
      }));
      const { scores } = scorer.score(history);
      const want = new Float32Array(matrix.items);
      fitted.scoreUser(u, want);
      normaliseScores(want);
      for (let i = 0; i < matrix.items; i++) expect(scores[i]).toBeCloseTo(want[i] as number, 5);
    }
  });
});

/**
 * The blend by its definition, step by step: each part's scores in an array of their own, normalised in place with
 * `normaliseScores`, then added with the part's weight; the sum normalised and mixed with a millionth of popularity.
 * Covers the parts whose scores a test can write out (popularity, repeat, item-to-item rows).
 */
function blendByDefinition(a: RecommenderArtifact, history: readonly HistoryEntry[], discovery = false) {
  const n = a.items.length;
  const pop = Float32Array.from(a.popularity);
  normaliseScores(pop);
  const total = new Float32Array(n);
  const parts = a.parts.filter((p) => p.weight > 0 && !(discovery && p.kind === 'repeat'));
  for (const part of parts) {
    const scores = new Float32Array(n);
    if (part.kind === 'pop') scores.set(pop);
    else if (part.kind === 'repeat') {
      scores.set(popularityRankScores(Float64Array.from(a.popularity)));
      for (const h of history) if (h.bought > 0) scores[h.index] = h.bought * n + (scores[h.index] as number);
    } else if (part.kind === 'itemknn' || part.kind === 'ease') {
      for (const h of history)
        for (
          let e = part.rows.indptr[h.index] as number;
          e < (part.rows.indptr[h.index + 1] as number);
          e++
        ) {
          const j = part.rows.indices[e] as number;
          // Serving keeps the rows' weights as float32.
          scores[j] = (scores[j] as number) + h.interest * Math.fround(part.rows.values[e] as number);
        }
    } else throw new Error(`not covered: ${part.kind}`);
    normaliseScores(scores);
    for (let i = 0; i < n; i++) total[i] = (total[i] as number) + part.weight * (scores[i] as number);
  }
  normaliseScores(total);
  for (let i = 0; i < n; i++) total[i] = (total[i] as number) * (1 - 1e-6) + 1e-6 * (pop[i] as number);
  return total;
}

describe('createScorer: the blend', () => {
  it('gives, bit for bit, the weighted sum of each part’s normalised scores', () => {
    const a = artifact([
      { kind: 'pop', weight: 0.25 },
      { kind: 'repeat', weight: 1.5 },
      {
        kind: 'itemknn',
        weight: 0.5,
        rows: sparseRows(transpose(itemNeighbours(matrix, { neighbours: 15 }))),
      },
      { kind: 'ease', weight: 2, rows: denseRows(easeWeights(matrix, { lambda: 20 }), matrix.items, 200) },
    ]);
    const scorer = createScorer(a);
    for (const u of users) {
      const history = historyOf(matrix, u).map((h, k) => ({
        ...h,
        bought: k % 3,
        interest: k % 3 ? 1 : 0.4,
      }));
      for (const discovery of [false, true])
        expect(Array.from(scorer.score(history, { discovery }).scores)).toEqual(
          Array.from(blendByDefinition(a, history, discovery)),
        );
    }
  });
});

describe('createScorer: blends, reasons and discovery', () => {
  const knn = {
    kind: 'itemknn' as const,
    weight: 1,
    rows: sparseRows(transpose(itemNeighbours(matrix, { neighbours: 15 }))),
  };

  it('puts bought items first with repeat, says buy again, and drops repeat for discovery', () => {
    const scorer = createScorer(artifact([{ kind: 'repeat', weight: 2 }, knn]));
    const history = historyOf(matrix, users[0] as number);
    const bought = new Set(history.map((h) => h.index));
    const { scores, explain } = scorer.score(history);
    const order = Array.from(scores.keys()).sort((a, b) => (scores[b] as number) - (scores[a] as number));
    expect(new Set(order.slice(0, bought.size))).toEqual(bought);
    for (const i of bought) expect(explain(i)).toEqual({ kind: 'buy_again' });

    const discovery = scorer.score(history, { discovery: true });
    const knnOnly = createScorer(artifact([knn])).score(history);
    expect(Array.from(discovery.scores)).toEqual(Array.from(knnOnly.scores));
    // An item reached through a neighbour is explained by the history item that lent it the most.
    const top = Array.from(discovery.scores.keys())
      .filter((i) => !bought.has(i))
      .sort((a, b) => (discovery.scores[b] as number) - (discovery.scores[a] as number))[0] as number;
    const why = discovery.explain(top);
    expect(why.kind).toBe('item');
    expect(bought.has((why as { from: number }).from)).toBe(true);
  });

  it('scores popularity for an empty history, and keeps every score in [0, 1]', () => {
    const scorer = createScorer(artifact([knn]));
    const { scores, explain } = scorer.score([]);
    expect(Array.from(scores)).toEqual(Array.from(scorer.popularity));
    expect(explain(0)).toEqual({ kind: 'popular' });
    const viewed = scorer.score([{ index: 3, bought: 0, interest: 0.25 }]).scores;
    expect(viewed.every((s) => s >= 0 && s <= 1)).toBe(true);
  });

  it('lists similar items best first and answers similarity both ways', () => {
    const scorer = createScorer(artifact([knn]));
    const similar = scorer.similar(5, 4);
    expect(similar.length).toBeGreaterThan(0);
    expect(similar.map((s) => s.similarity)).toEqual(
      [...similar.map((s) => s.similarity)].sort((a, b) => b - a),
    );
    for (const s of similar) {
      expect(s.index).not.toBe(5);
      expect(scorer.similarity(5, s.index)).toBeCloseTo(s.similarity, 6);
      expect(scorer.similarity(s.index, 5)).toBeGreaterThan(0);
    }
    expect(scorer.indexOf('p05')).toBe(5);
    expect(scorer.indexOf('nope')).toBeUndefined();
  });
});

describe('parseRecommenderArtifact', () => {
  const good = artifact([{ kind: 'pop', weight: 1 }]);
  it('accepts what training stores, through JSON', () => {
    expect(parseRecommenderArtifact(JSON.parse(JSON.stringify(good)))).toEqual(good);
  });
  it.each([
    ['another format', { ...good, format: 'x' }],
    ['popularity of the wrong length', { ...good, popularity: [1] }],
    [
      'a neighbour out of range',
      { ...good, similar: { ...good.similar, indices: good.similar.indices.map(() => 999) } },
    ],
    ['no parts', { ...good, parts: [] }],
    ['a negative weight', { ...good, parts: [{ kind: 'pop', weight: -1 }] }],
    ['an unknown part', { ...good, parts: [{ kind: 'magic', weight: 1 }] }],
    [
      'ALS factors of the wrong size',
      {
        ...good,
        parts: [{ kind: 'als', weight: 1, factors: 4, regularization: 1, alpha: 1, itemFactors: [1] }],
      },
    ],
    ['not an object', 'artifact'],
    ['null', null],
  ])('refuses %s with invalid_model_artifact', (_, value) => {
    expect(() => parseRecommenderArtifact(value)).toThrow(
      expect.objectContaining({ code: 'invalid_model_artifact' }),
    );
  });
});
