import { describe, expect, it } from 'vitest';
import { createRng } from '../shared/index.js';
import { assignToClusters, discoverClusters } from './discover-clusters.js';

/** Two obvious kinds of customer: frequent big spenders and one-visit browsers, with a little noise. */
function shop(n: number) {
  const rng = createRng('shop');
  return Array.from({ length: n }, (_, i) => {
    const buyer = i % 3 === 0;
    return {
      customerId: `cus_${String(i).padStart(4, '0')}`,
      features: buyer
        ? {
            order_count: 8 + rng.int(0, 4),
            order_value_avg: 90 + rng.normal(0, 5),
            product_views: 60 + rng.int(0, 20),
            session_count: 20,
          }
        : { order_count: 0, order_value_avg: null, product_views: 2 + rng.normal(0, 0.2), session_count: 1 },
    };
  });
}

describe('discoverClusters', () => {
  const profiles = shop(300);

  it('finds the two kinds of customer, chooses k by silhouette and names them', () => {
    const found = discoverClusters(profiles, createRng(1), { kMax: 5 });
    expect(found.k).toBe(2);
    expect(found.candidates.map((c) => c.k)).toEqual([2, 3, 4, 5]);
    expect(found.silhouette).toBeGreaterThan(0.7);
    const sizes = found.clusters.map((c) => c.size).sort((a, b) => a - b);
    expect(sizes).toEqual([100, 200]);
    const buyers = found.clusters.find((c) => c.size === 100);
    expect(buyers?.members.every((id) => Number(id.slice(4)) % 3 === 0)).toBe(true);
    expect(buyers?.name).toMatch(/frequent|high|keen/i);
    expect(new Set(found.clusters.map((c) => c.name)).size).toBe(2);
    expect(found.points).toHaveLength(300);
  });

  it('is reproducible with the same seed and honours a given k', () => {
    const a = discoverClusters(profiles, createRng(9), { k: 3 });
    const b = discoverClusters(profiles, createRng(9), { k: 3 });
    expect(a.k).toBe(3);
    expect(a.clusters.map((c) => c.members)).toEqual(b.clusters.map((c) => c.members));
  });

  it('assigns profiles to the saved model the way discovery did', () => {
    const found = discoverClusters(profiles, createRng(3), { k: 2 });
    const labels = assignToClusters(found.model, profiles);
    for (const c of found.clusters)
      for (const id of c.members) expect(labels[Number(id.slice(4))]).toBe(c.cluster);
  });

  it('refuses too few profiles and an impossible k', () => {
    expect(() => discoverClusters(profiles.slice(0, 2), createRng(1))).toThrow(RangeError);
    expect(() => discoverClusters(profiles.slice(0, 5), createRng(1), { k: 9 })).toThrow(RangeError);
  });
});
