import { describe, expect, it } from 'vitest';
import { rfmScores } from './build-profiles.js';
import type { RfmTotals } from './ports.js';

const DAY = 86_400_000;
const asOf = Date.UTC(2026, 10, 1);

describe('rfmScores', () => {
  it('gives two profiles that share a shop id their own scores, whatever order their totals come in', () => {
    const totals: RfmTotals[] = [
      { customerId: 'cus_b', shopId: 'shared', lastOrderAt: asOf - 2 * DAY, frequency: 9, monetary: 900 },
      { customerId: 'cus_a', shopId: 'shared', lastOrderAt: asOf - 40 * DAY, frequency: 1, monetary: 15 },
      ...Array.from({ length: 8 }, (_, i) => ({
        customerId: `cus_${i}`,
        shopId: `u${i}`,
        lastOrderAt: asOf - (i + 5) * DAY,
        frequency: i + 2,
        monetary: 50 * (i + 1),
      })),
    ];
    const forward = rfmScores(totals, asOf);
    const backward = rfmScores([...totals].reverse(), asOf);
    expect(backward).toEqual(forward);
    expect(forward.size).toBe(totals.length);
    expect(forward.get('cus_a')).toMatchObject({ frequency: 1, monetary: 15, recency: 40 });
    expect(forward.get('cus_b')).toMatchObject({ frequency: 9, monetary: 900, recency: 2 });
  });

  it('scores nobody without an as-of day (no orders)', () => {
    expect(rfmScores([], null).size).toBe(0);
  });
});
