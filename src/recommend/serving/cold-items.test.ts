import { describe, expect, it } from 'vitest';
import { COLD_SHARE, coldNeighbours, findColdItems, productText, scoreColdItems } from './cold-items.js';

const texts = [
  'blue ceramic teapot', // 0 warm
  'red wool scarf', // 1 warm
  'green ceramic teapot', // 2 cold: like 0
  'ceramic mug', // 3 warm
  'striped wool scarf', // 4 cold: like 1
  'garden hose', // 5 cold: like nothing
];
const warm = (i: number) => i === 0 || i === 1 || i === 3;

describe('findColdItems', () => {
  it('keeps each cold item’s known look-alikes by text, best first, never another cold item', () => {
    const cold = findColdItems(texts, warm);
    expect(cold.count).toBe(3);
    expect([...cold.rowOf]).toEqual([-1, -1, 0, -1, 1, 2]);
    const teapot = coldNeighbours(cold, 2).map((x) => x.index);
    expect(teapot).toEqual([0, 3]);
    expect(coldNeighbours(cold, 4).map((x) => x.index)).toEqual([1]);
    expect(coldNeighbours(cold, 5)).toEqual([]);
    expect(coldNeighbours(cold, 0)).toEqual([]);
    const [first, second] = coldNeighbours(cold, 2);
    expect(first!.similarity).toBeGreaterThan(second!.similarity);
    expect(first!.similarity).toBeLessThanOrEqual(1);
  });

  it('finds nothing to do when every item is known', () => {
    const cold = findColdItems(texts, () => true);
    expect(cold.count).toBe(0);
    const scores = Float32Array.from([0.5, 0.2, 0, 0.1, 0, 0]);
    expect(scoreColdItems(cold, scores)).toHaveLength(0); // read as -1 everywhere
    expect([...scores]).toEqual([...Float32Array.from([0.5, 0.2, 0, 0.1, 0, 0])]);
  });
});

describe('scoreColdItems', () => {
  it('gives a cold item its share of its neighbours’ weighted mean, and names the neighbour that lent most', () => {
    const cold = findColdItems(texts, warm);
    const scores = Float32Array.from([0.9, 0.4, 0, 0.1, 0, 0]);
    const lender = scoreColdItems(cold, scores);
    const [a, b] = coldNeighbours(cold, 2);
    const expected =
      (COLD_SHARE * (a!.similarity * 0.9 + b!.similarity * 0.1)) / (a!.similarity + b!.similarity);
    expect(scores[2]).toBeCloseTo(expected, 5);
    expect(scores[4]).toBeCloseTo(COLD_SHARE * 0.4, 5);
    expect(scores[5]).toBe(0); // resembles nothing known
    expect([...lender]).toEqual([-1, -1, 0, -1, 1, -1]);
    expect(scores[0]).toBeCloseTo(0.9, 6); // warm items untouched
  });

  it('keeps a cold item’s own score when it is higher', () => {
    const cold = findColdItems(texts, warm);
    const scores = Float32Array.from([0.5, 0.4, 0.95, 0.1, 0, 0]);
    const lender = scoreColdItems(cold, scores);
    expect(scores[2]).toBeCloseTo(0.95, 6);
    expect(lender[2]).toBe(-1);
  });
});

describe('productText', () => {
  it('joins name, description, category and text attributes, skipping the rest', () => {
    expect(
      productText({
        name: 'Teapot',
        description: null,
        category: 'Kitchen',
        attributes: { colour: 'blue', size: 3, material: 'ceramic' },
      }),
    ).toBe('Teapot \n Kitchen \n blue \n ceramic');
    expect(productText({ name: null, description: null, category: null })).toBe('');
  });
});
