import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/index.js';
import { parseRecommendQuery } from './request.js';
import { defaultRecommendRules } from './rules-config.js';
import type { RecommendRequest, RecommendRules } from './types.js';

const rules: RecommendRules = {
  ...defaultRecommendRules,
  diversity: 0.2,
  slots: {
    email: {
      k: 4,
      categories: ['shoes'],
      minPrice: 10,
      maxPrice: 90,
      excludePurchased: true,
      excludeOutOfStock: true,
      excludeItems: ['sku_1'],
      diversity: 0.5,
    },
    homepage: { k: 20 },
  },
};

const defaults: RecommendRequest = {
  k: 10,
  categories: null,
  minPrice: null,
  maxPrice: null,
  excludePurchased: false,
  excludeOutOfStock: false,
  excludeItems: [],
  diversity: 0.2,
  slot: null,
};

function errorOf(query: Record<string, unknown>, r: RecommendRules = rules): AppError {
  try {
    parseRecommendQuery(query, r);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid_query');
    return error as AppError;
  }
  throw new Error(`expected ${JSON.stringify(query)} to be rejected`);
}

describe('parseRecommendQuery', () => {
  it('gives an empty query the built-in defaults and the rules’ diversity', () => {
    expect(parseRecommendQuery({}, rules)).toEqual(defaults);
    expect(parseRecommendQuery({}, defaultRecommendRules).diversity).toBe(0);
  });

  it('reads every parameter', () => {
    expect(
      parseRecommendQuery(
        {
          k: '5',
          category: 'shoes, bags ,hats',
          price: '10.5..80',
          exclude: 'purchased,out_of_stock,item:sku_9,item:sku_8',
          diversity: '0.75',
        },
        rules,
      ),
    ).toEqual({
      k: 5,
      categories: ['shoes', 'bags', 'hats'],
      minPrice: 10.5,
      maxPrice: 80,
      excludePurchased: true,
      excludeOutOfStock: true,
      excludeItems: ['sku_9', 'sku_8'],
      diversity: 0.75,
      slot: null,
    });
  });

  describe('k', () => {
    it('accepts whole numbers from 1 to 100', () => {
      for (const [value, k] of [
        ['1', 1],
        ['100', 100],
        ['42', 42],
        ['007', 7],
      ] as const) {
        expect(parseRecommendQuery({ k: value }, rules).k).toBe(k);
      }
    });

    it('rejects anything else with a message naming k and the range', () => {
      for (const value of [
        '10abc',
        '1e1',
        '0',
        '101',
        '',
        'abc',
        '-1',
        '+5',
        ' 5',
        '5 ',
        '2.0',
        '0x10',
        '9'.repeat(400),
      ]) {
        const e = errorOf({ k: value });
        expect(e.message).toBe(
          `k must be a whole number from 1 to 100, not ${JSON.stringify(value.slice(0, 100) + (value.length > 100 ? '…' : ''))}`,
        );
        expect(e.details).toEqual({ parameter: 'k', value: value.slice(0, 100) });
      }
      expect(errorOf({ k: 'abc' }).message).toBe('k must be a whole number from 1 to 100, not "abc"');
    });
  });

  describe('category', () => {
    it('trims names and drops duplicates, keeping the first order', () => {
      expect(parseRecommendQuery({ category: ' shoes ,bags,shoes' }, rules).categories).toEqual([
        'shoes',
        'bags',
      ]);
      expect(parseRecommendQuery({ category: 'Home & Garden' }, rules).categories).toEqual(['Home & Garden']);
      // A comma inside a name is escaped.
      expect(parseRecommendQuery({ category: 'Home\\, Garden,Toys' }, rules).categories).toEqual([
        'Home, Garden',
        'Toys',
      ]);
    });

    it('accepts 50 names of 200 characters', () => {
      const names = Array.from({ length: 50 }, (_, i) => `${i}`.padEnd(200, 'x'));
      expect(parseRecommendQuery({ category: names.join(',') }, rules).categories).toEqual(names);
    });

    it('rejects empty entries, too many entries and too long names', () => {
      const many = Array.from({ length: 51 }, (_, i) => `c${i}`).join(',');
      for (const value of [
        '',
        ',',
        'shoes,',
        ',shoes',
        'shoes,,bags',
        'shoes, ,bags',
        '   ',
        many,
        'x'.repeat(201),
      ]) {
        const e = errorOf({ category: value });
        expect(e.message).toMatch(/^category must be a comma-separated list of up to 50 category names/);
        expect(e.details).toEqual({ parameter: 'category', value: value.slice(0, 100) });
      }
    });

    it('stays fast on a huge list of commas (only the first 51 entries are split)', () => {
      const e = errorOf({ category: ','.repeat(1_000_000) });
      expect(e.details?.['parameter']).toBe('category');
      expect(String(e.details?.['value'])).toHaveLength(100);
    });
  });

  describe('price', () => {
    it('reads MIN..MAX, MIN.. and ..MAX', () => {
      const band = (price: string): [number | null, number | null] => {
        const r = parseRecommendQuery({ price }, rules);
        return [r.minPrice, r.maxPrice];
      };
      expect(band('10..20')).toEqual([10, 20]);
      expect(band('0..0')).toEqual([0, 0]);
      expect(band('5.25..5.25')).toEqual([5.25, 5.25]);
      expect(band('15..')).toEqual([15, null]);
      expect(band('..99.99')).toEqual([null, 99.99]);
      expect(band('0..')).toEqual([0, null]);
    });

    it('rejects everything else', () => {
      for (const value of [
        '',
        '..',
        '...',
        '20..10',
        '10',
        '10-20',
        '10...20',
        '-5..10',
        '5..-1',
        '1e2..',
        '.5..1',
        '5...',
        '5.',
        '5...6',
        '10 ..20',
        ' 10..20',
        'a..b',
        '10..20..30',
        'NaN..',
        'Infinity..',
        `${'9'.repeat(400)}..`,
      ]) {
        const e = errorOf({ price: value });
        expect(e.message, value).toMatch(/^price must be MIN\.\.MAX, MIN\.\. or \.\.MAX with non-negative/);
        expect(e.details).toEqual({ parameter: 'price', value: value.slice(0, 100) });
      }
    });
  });

  describe('exclude', () => {
    it('reads purchased, out_of_stock and item:<id> tokens, trimmed and deduplicated', () => {
      const r = parseRecommendQuery({ exclude: ' purchased , item: a:b , item:c,item:a:b' }, rules);
      expect([r.excludePurchased, r.excludeOutOfStock, r.excludeItems]).toEqual([true, false, ['a:b', 'c']]);
      const s = parseRecommendQuery({ exclude: 'out_of_stock' }, rules);
      expect([s.excludePurchased, s.excludeOutOfStock, s.excludeItems]).toEqual([false, true, []]);
    });

    it('accepts 200 tokens and ids of 200 characters', () => {
      const ids = Array.from({ length: 200 }, (_, i) => `${i}`.padEnd(200, 'z'));
      const r = parseRecommendQuery({ exclude: ids.map((id) => `item:${id}`).join(',') }, rules);
      expect(r.excludeItems).toEqual(ids);
    });

    it('rejects unknown tokens, empty ids, empty entries and too many or too long tokens', () => {
      const many = Array.from({ length: 201 }, () => 'purchased').join(',');
      for (const value of [
        '',
        'bought',
        'Purchased',
        'purchased,',
        'item:',
        'item: ',
        'item',
        'items:a',
        ' item :a',
        `item:${'x'.repeat(201)}`,
        many,
        'purchased,,out_of_stock',
      ]) {
        const e = errorOf({ exclude: value });
        expect(e.message, value).toMatch(/^exclude must be a comma-separated list of up to 200 of purchased/);
        expect(e.details).toEqual({ parameter: 'exclude', value: value.slice(0, 100) });
      }
    });
  });

  describe('diversity', () => {
    it('accepts numbers from 0 to 1', () => {
      for (const [value, d] of [
        ['0', 0],
        ['1', 1],
        ['0.35', 0.35],
        ['1.0', 1],
        ['00.5', 0.5],
      ] as const) {
        expect(parseRecommendQuery({ diversity: value }, rules).diversity).toBe(d);
      }
    });

    it('rejects anything else', () => {
      for (const value of ['', '1.01', '2', '-0.1', '.5', '0.', 'NaN', 'Infinity', '1e-1', 'half', ' 0.5']) {
        const e = errorOf({ diversity: value });
        expect(e.message, value).toBe(`diversity must be a number from 0 to 1, not ${JSON.stringify(value)}`);
        expect(e.details).toEqual({ parameter: 'diversity', value });
      }
    });
  });

  describe('slot', () => {
    it('applies the slot’s defaults', () => {
      expect(parseRecommendQuery({ slot: 'email' }, rules)).toEqual({
        k: 4,
        categories: ['shoes'],
        minPrice: 10,
        maxPrice: 90,
        excludePurchased: true,
        excludeOutOfStock: true,
        excludeItems: ['sku_1'],
        diversity: 0.5,
        slot: 'email',
      });
      expect(parseRecommendQuery({ slot: 'homepage' }, rules)).toEqual({
        ...defaults,
        k: 20,
        slot: 'homepage',
      });
    });

    it('lets the query override the slot, parameter by parameter', () => {
      expect(parseRecommendQuery({ slot: 'email', k: '7', price: '..50' }, rules)).toEqual({
        k: 7,
        categories: ['shoes'],
        minPrice: null,
        maxPrice: 50,
        excludePurchased: true,
        excludeOutOfStock: true,
        excludeItems: ['sku_1'],
        diversity: 0.5,
        slot: 'email',
      });
      const r = parseRecommendQuery({ slot: 'email', category: 'bags', diversity: '0' }, rules);
      expect([r.categories, r.diversity]).toEqual([['bags'], 0]);
    });

    it('replaces the slot’s exclude flags and items with the query’s exclude', () => {
      const r = parseRecommendQuery({ slot: 'email', exclude: 'item:sku_2' }, rules);
      expect([r.excludePurchased, r.excludeOutOfStock, r.excludeItems]).toEqual([false, false, ['sku_2']]);
    });

    it('does not share arrays with the rules', () => {
      const r = parseRecommendQuery({ slot: 'email' }, rules);
      r.excludeItems.push('sku_x');
      r.categories!.push('hats');
      expect(rules.slots['email']).toMatchObject({ excludeItems: ['sku_1'], categories: ['shoes'] });
    });

    it('rejects a slot the rules do not name, listing the known ones', () => {
      const e = errorOf({ slot: 'emial' });
      expect(e.message).toBe('slot must be one of email, homepage, not "emial"');
      expect(e.details).toEqual({ parameter: 'slot', value: 'emial', slots: ['email', 'homepage'] });
      const none = errorOf({ slot: 'email' }, defaultRecommendRules);
      expect(none.message).toBe('slot must be a slot of the rules file, which names none, not "email"');
      expect(none.details).toEqual({ parameter: 'slot', value: 'email', slots: [] });
      expect(errorOf({ slot: '' }).details?.['parameter']).toBe('slot');
    });

    it('is not fooled by names inherited from Object.prototype', () => {
      for (const slot of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
        expect(errorOf({ slot }).details).toMatchObject({ parameter: 'slot', value: slot });
      }
    });
  });

  describe('the query as a whole', () => {
    it('rejects unknown parameters so that typos do not pass silently', () => {
      const e = errorOf({ k: '5', categroy: 'shoes' });
      expect(e.message).toBe(
        'Unknown query parameter "categroy"; the parameters are k, category, price, exclude, diversity, slot',
      );
      expect(e.details).toEqual({ parameter: 'categroy' });
      expect(errorOf({ K: '5' }).details).toEqual({ parameter: 'K' });
      expect(errorOf(JSON.parse('{"__proto__": "x"}') as Record<string, unknown>).details).toEqual({
        parameter: '__proto__',
      });
      expect(errorOf({ ['p'.repeat(5000)]: '1' }).details).toEqual({ parameter: 'p'.repeat(100) });
    });

    it('rejects a repeated parameter', () => {
      const e = errorOf({ k: ['5', '6'] });
      expect(e.message).toBe('k must be given once, not 2 times');
      expect(e.details).toEqual({ parameter: 'k' });
      expect(errorOf({ slot: ['email', 'email'] }).details).toEqual({ parameter: 'slot' });
    });

    it('rejects values that are not strings (a nested query parser, a direct caller)', () => {
      for (const value of [5, null, undefined, { a: '1' }, true]) {
        const e = errorOf({ k: value });
        expect(e.message).toBe('k must be a single text value');
        expect(e.details).toEqual({ parameter: 'k' });
      }
    });

    it('works on a null-prototype query object (as Fastify builds them)', () => {
      const query = Object.assign(Object.create(null) as Record<string, unknown>, {
        k: '3',
        slot: 'homepage',
      });
      expect(parseRecommendQuery(query, rules)).toEqual({ ...defaults, k: 3, slot: 'homepage' });
    });

    it('cuts long values in messages and details to 100 characters', () => {
      const value = `${'a'.repeat(5000)}`;
      const e = errorOf({ k: value });
      expect(e.details).toEqual({ parameter: 'k', value: 'a'.repeat(100) });
      expect(e.message.length).toBeLessThan(200);
    });

    it('either returns a request within its ranges or throws invalid_query, whatever strings it is given', () => {
      const parameter = fc.constantFrom('k', 'category', 'price', 'exclude', 'diversity', 'slot', 'other');
      fc.assert(
        fc.property(fc.dictionary(parameter, fc.string({ maxLength: 30 })), (query) => {
          let r: RecommendRequest;
          try {
            r = parseRecommendQuery(query, rules);
          } catch (error) {
            expect(error).toBeInstanceOf(AppError);
            expect((error as AppError).code).toBe('invalid_query');
            expect(Object.keys(query)).toContain((error as AppError).details?.['parameter']);
            return;
          }
          expect(Number.isInteger(r.k) && r.k >= 1 && r.k <= 100).toBe(true);
          expect(r.diversity >= 0 && r.diversity <= 1).toBe(true);
          if (r.minPrice !== null && r.maxPrice !== null) expect(r.minPrice).toBeLessThanOrEqual(r.maxPrice);
          for (const c of r.categories ?? []) expect(c.length).toBeGreaterThan(0);
          for (const id of r.excludeItems) expect(id.length).toBeGreaterThan(0);
        }),
      );
    });

    it('round-trips generated valid queries', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 100 }),
          fc.integer({ min: 0, max: 10_000 }),
          fc.integer({ min: 0, max: 10_000 }),
          fc.uniqueArray(fc.stringMatching(/^[a-z][a-z ]{0,20}[a-z]$/), { minLength: 1, maxLength: 50 }),
          (k, a, b, categories) => {
            const [lo, hi] = a <= b ? [a, b] : [b, a];
            const r = parseRecommendQuery(
              { k: String(k), price: `${lo / 100}..${hi / 100}`, category: categories.join(',') },
              rules,
            );
            expect(r).toMatchObject({ k, minPrice: lo / 100, maxPrice: hi / 100, categories });
          },
        ),
      );
    });
  });
});
