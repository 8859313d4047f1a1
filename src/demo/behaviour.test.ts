import { describe, expect, it } from 'vitest';
import { generateShop } from './index.js';

const DAY = 86_400_000;
const endDate = Date.parse('2026-10-31T23:59:59.999Z');
const shop = generateShop({ customers: 700, days: 150, seed: 21, endDate });
const { truth } = shop;
const offsets = new Map(truth.planted.skewedBatches.map((s) => [s.index, s.offsetMs]));
const messages = shop.events.flatMap((b, i) =>
  b.batch.map((m) => ({ m, ms: Date.parse(m.timestamp) - (offsets.get(i) ?? 0) })),
);
const categoryOf = new Map(shop.products.map((p) => [p.id, p.category]));
const topCategory = (userId: string): string => {
  const aff = Object.entries(truth.customers[userId]?.affinities ?? {});
  return aff.reduce((best, x) => (x[1] > best[1] ? x : best), ['', -1])[0];
};

describe('tastes drive behaviour', () => {
  it('over-represents each buyer’s top-affinity category in their orders', () => {
    const lines = shop.orderLines.filter((l) => l.kind === 'order');
    const users = [...new Set(lines.map((l) => l.user_id))];
    // Null model: the same lines judged against another buyer's favourite category.
    const other = new Map(users.map((u, i) => [u, users[(i + 1) % users.length] ?? u]));
    const hits = lines.filter((l) => categoryOf.get(l.product_id) === topCategory(l.user_id)).length;
    const nullHits = lines.filter(
      (l) => categoryOf.get(l.product_id) === topCategory(other.get(l.user_id) ?? ''),
    ).length;
    const n = lines.length;
    const p0 = nullHits / n;
    const z = (hits / n - p0) / Math.sqrt((p0 * (1 - p0)) / n);
    expect(n).toBeGreaterThan(500);
    expect(hits / n).toBeGreaterThan(2 * p0);
    expect(z).toBeGreaterThan(5);
  });

  it('makes price-sensitive customers buy the cheaper products of a category', () => {
    const median = new Map<string, number>();
    for (const cat of new Set(shop.products.map((p) => p.category))) {
      const prices = shop.products
        .filter((p) => p.category === cat)
        .map((p) => p.price)
        .sort((a, b) => a - b);
      median.set(cat, prices[Math.floor(prices.length / 2)] ?? 1);
    }
    const price = new Map(shop.products.map((p) => [p.id, p.price]));
    const relative = (band: (s: number) => boolean): number => {
      const xs = shop.orderLines
        .filter((l) => l.kind === 'order' && band(truth.customers[l.user_id]?.priceSensitivity ?? 0.5))
        .map((l) =>
          Math.log((price.get(l.product_id) ?? 1) / (median.get(categoryOf.get(l.product_id) ?? '') ?? 1)),
        );
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    expect(relative((s) => s > 0.65)).toBeLessThan(relative((s) => s < 0.35) - 0.1);
  });

  it('makes the most active customers generate more sessions', () => {
    const sessionsOf = new Map<string, number>();
    for (const { m } of messages)
      if (m.type === 'page' || m.type === 'screen') {
        const owner = m.userId ?? truth.identities[m.anonymousId ?? ''];
        if (owner && m.name === 'Home') sessionsOf.set(owner, (sessionsOf.get(owner) ?? 0) + 1);
      }
    const byRate = Object.entries(truth.customers).sort((a, b) => a[1].activityRate - b[1].activityRate);
    const mean = (xs: typeof byRate) => xs.reduce((s, [id]) => s + (sessionsOf.get(id) ?? 0), 0) / xs.length;
    const q = Math.floor(byRate.length / 4);
    expect(mean(byRate.slice(-q))).toBeGreaterThan(2 * mean(byRate.slice(0, q)));
  });
});

describe('churn', () => {
  it('stops every churned customer at the churn date', () => {
    const churned = Object.entries(truth.customers).filter(([, c]) => c.churned);
    expect(churned.length).toBeGreaterThan(50);
    expect(churned.every(([, c]) => c.churnDate !== null && Date.parse(c.churnDate) <= endDate)).toBe(true);
    expect(
      Object.values(truth.customers)
        .filter((c) => !c.churned)
        .every((c) => c.churnDate === null),
    ).toBe(true);
    const churnMs = new Map(churned.map(([id, c]) => [id, Date.parse(c.churnDate ?? '')]));
    let checked = 0;
    for (const { m, ms } of messages) {
      const owner = m.userId ?? truth.identities[m.anonymousId ?? ''] ?? '';
      const limit = churnMs.get(owner);
      if (limit === undefined) continue;
      checked++;
      if (ms > limit)
        expect.fail(
          `${m.messageId} of ${owner} at ${m.timestamp} after churn ${new Date(limit).toISOString()}`,
        );
    }
    expect(checked).toBeGreaterThan(1000);
    for (const rows of [
      shop.orderLines.map((l) => [l.user_id, l.placed_at]),
      shop.reviews.map((r) => [r.user_id, r.created_at]),
    ]) {
      for (const [user, at] of rows)
        expect(Date.parse(at ?? '')).toBeLessThanOrEqual(churnMs.get(user ?? '') ?? endDate);
    }
  });
});

describe('identity', () => {
  it('leaves some sessions anonymous and links them through identify and alias', () => {
    const anonymousOnly = messages.filter(({ m }) => !m.userId && m.anonymousId);
    expect(anonymousOnly.length).toBeGreaterThan(1000);
    for (const { m } of anonymousOnly) expect(m.anonymousId && m.anonymousId in truth.identities).toBe(true);
    const identifies = messages.filter(({ m }) => m.type === 'identify');
    const aliases = messages.filter(({ m }) => m.type === 'alias');
    expect(identifies.length).toBeGreaterThan(100);
    expect(aliases.length).toBeGreaterThan(5);
    for (const { m } of [...identifies, ...aliases]) {
      expect(truth.identities[m.anonymousId ?? '']).toBe(m.userId);
      if (m.previousId) expect(truth.identities[m.previousId]).toBe(m.userId);
    }
    expect(Object.values(truth.identities).some((u) => u === null)).toBe(true);
  });
});

describe('rhythm, reviews and the campaign table', () => {
  it('is busier at weekends than midweek', () => {
    const perWeekday = new Array<number>(7).fill(0);
    for (const { m, ms } of messages) if (m.name === 'Home') perWeekday[new Date(ms).getUTCDay()]!++;
    const weekend = (perWeekday[0]! + perWeekday[6]!) / 2;
    const midweek = (perWeekday[2]! + perWeekday[3]!) / 2;
    expect(weekend).toBeGreaterThan(1.15 * midweek);
  });

  it('peaks in late November', () => {
    const december = generateShop({
      customers: 300,
      days: 60,
      seed: 2,
      endDate: Date.parse('2025-12-15T23:59:59.999Z'),
    });
    const perDay = new Map<number, number>();
    for (const b of december.events)
      for (const m of b.batch) {
        const day = Math.floor(Date.parse(m.timestamp) / DAY);
        perDay.set(day, (perDay.get(day) ?? 0) + 1);
      }
    const sum = (from: string, to: string) => {
      let n = 0;
      for (let d = Date.parse(from) / DAY; d <= Date.parse(to) / DAY; d++) n += perDay.get(d) ?? 0;
      return n;
    };
    expect(sum('2025-11-24', '2025-11-30')).toBeGreaterThan(1.5 * sum('2025-10-27', '2025-11-02'));
  });

  it('writes reviews whose stars follow the experience', () => {
    const mean = (experience: string) => {
      const rs = shop.reviews
        .filter((r) => truth.reviews[r.id]?.experience === experience)
        .map((r) => r.rating);
      return rs.reduce((a, b) => a + b, 0) / rs.length;
    };
    expect(mean('great_quality')).toBeGreaterThan(4);
    expect(mean('poor_quality')).toBeLessThan(3);
    expect(mean('damaged')).toBeLessThan(mean('as_expected'));
    const fiveStar = shop.reviews.filter((r) => r.rating === 5);
    expect(fiveStar.every((r) => truth.reviews[r.id]?.aspects.quality === 'positive')).toBe(true);
  });

  it('keeps a campaign-effect table for every taste segment, bargain hunters responding more', () => {
    const { segments } = truth.campaignEffects;
    expect(segments.length).toBe(2 * new Set(shop.products.map((p) => p.category)).size);
    expect(segments.reduce((s, x) => s + x.customers, 0)).toBe(shop.customers.length);
    const mean = (band: string) => {
      const xs = segments.filter((s) => s.priceBand === band).map((s) => s.uplift);
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    expect(mean('bargain')).toBeGreaterThan(mean('premium'));
    for (const [id, c] of Object.entries(truth.customers)) {
      expect(
        segments.some((s) => s.segment === c.segment),
        id,
      ).toBe(true);
    }
  });
});
