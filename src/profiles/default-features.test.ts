import { describe, expect, it } from 'vitest';
import { defaultFeatures } from './default-features.js';
import { createFeatureRegistry } from './feature-registry.js';
import { emptyOrderStats } from './order-stats.js';
import { emptyProfileState } from './profile-state.js';
import { emptyReviewStats } from './review-stats.js';
import { emptySupportStats } from './support-stats.js';

const registry = createFeatureRegistry(defaultFeatures);

/** Features of a customer with these weighted product interactions (events) and ordered units per category. */
function categoryFeatures(fromEvents: Record<string, number>, ordered: Record<string, number>) {
  const state = emptyProfileState();
  const orders = emptyOrderStats();
  Object.assign(state.categories, fromEvents);
  Object.assign(orders.categories, ordered);
  const f = registry.computeAll({
    state,
    orders,
    reviews: emptyReviewStats(),
    support: emptySupportStats(),
    createdAt: 0,
    asOf: 86_400_000,
  });
  return { affinity: f.category_affinity, favourite: f.favourite_category, top: f.top_categories };
}

describe('category features', () => {
  it('weigh ordered units five times a product interaction', () => {
    expect(categoryFeatures({ Garden: 4, Toys: 1 }, { Toys: 1 })).toEqual({
      affinity: { Garden: 0.4, Toys: 0.6 },
      favourite: 'Toys',
      top: ['Toys', 'Garden'],
    });
  });

  it('count a category named like an Object.prototype member as any other', () => {
    expect(categoryFeatures({ Garden: 1 }, { toString: 1, valueOf: 1 })).toEqual({
      affinity: { Garden: 0.0909, toString: 0.4545, valueOf: 0.4545 },
      favourite: 'toString',
      top: ['toString', 'valueOf', 'Garden'],
    });
  });
});
