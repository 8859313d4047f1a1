/**
 * The recommendation query string (`?k=&category=&price=&exclude=&diversity=&slot=`) parsed into a
 * `RecommendRequest`: built-in defaults, then the slot's defaults from the rules file, then the query. Every bad
 * value, unknown parameter or repeated parameter is an `AppError('invalid_query')` naming the parameter.
 *
 * @example
 * parseRecommendQuery({ k: '5', category: 'shoes,bags', price: '..80', exclude: 'purchased,item:sku_9' }, rules);
 * // { k: 5, categories: ['shoes', 'bags'], minPrice: null, maxPrice: 80, excludePurchased: true,
 * //   excludeOutOfStock: false, excludeItems: ['sku_9'], diversity: rules.diversity, slot: null }
 * parseRecommendQuery({ k: '0' }, rules); // throws invalid_query: k must be a whole number from 1 to 100, not "0"
 */
import { AppError } from '../../shared/index.js';
import type { RecommendRequest, RecommendRules } from './types.js';

const PARAMETERS = ['k', 'category', 'price', 'exclude', 'diversity', 'slot'] as const;
type Parameter = (typeof PARAMETERS)[number];

const MAX_CATEGORIES = 50;
const MAX_EXCLUDE = 200;
const MAX_NAME = 200;
/** Values quoted in messages and details are cut to this many characters. */
const SHOWN = 100;

const DECIMAL = /^[0-9]+(?:\.[0-9]+)?$/;
const PRICE = /^([0-9]+(?:\.[0-9]+)?)?\.\.([0-9]+(?:\.[0-9]+)?)?$/;

/** Parses the query string of `GET /v1/recommendations/:customerId` against the shop's rules. */
export function parseRecommendQuery(query: Record<string, unknown>, rules: RecommendRules): RecommendRequest {
  const values = readParameters(query);

  const request: RecommendRequest = {
    k: 10,
    categories: null,
    minPrice: null,
    maxPrice: null,
    excludePurchased: false,
    excludeOutOfStock: false,
    excludeItems: [],
    diversity: rules.diversity,
    slot: null,
  };

  const slot = values.slot;
  if (slot !== undefined) {
    const defaults = Object.hasOwn(rules.slots, slot) ? rules.slots[slot] : undefined;
    if (defaults === undefined) throw unknownSlot(slot, rules);
    request.slot = slot;
    if (defaults.k !== undefined) request.k = defaults.k;
    if (defaults.categories !== undefined) {
      request.categories = defaults.categories === null ? null : [...defaults.categories];
    }
    if (defaults.minPrice !== undefined) request.minPrice = defaults.minPrice;
    if (defaults.maxPrice !== undefined) request.maxPrice = defaults.maxPrice;
    if (defaults.excludePurchased !== undefined) request.excludePurchased = defaults.excludePurchased;
    if (defaults.excludeOutOfStock !== undefined) request.excludeOutOfStock = defaults.excludeOutOfStock;
    if (defaults.excludeItems !== undefined) request.excludeItems = [...defaults.excludeItems];
    if (defaults.diversity !== undefined) request.diversity = defaults.diversity;
  }

  if (values.k !== undefined) request.k = parseK(values.k);
  if (values.category !== undefined) request.categories = parseCategories(values.category);
  if (values.price !== undefined) {
    const { min, max } = parsePrice(values.price);
    request.minPrice = min;
    request.maxPrice = max;
  }
  if (values.exclude !== undefined) {
    // The query's exclude replaces the slot's, flags and items alike.
    const exclude = parseExclude(values.exclude);
    request.excludePurchased = exclude.purchased;
    request.excludeOutOfStock = exclude.outOfStock;
    request.excludeItems = exclude.items;
  }
  if (values.diversity !== undefined) request.diversity = parseDiversity(values.diversity);
  return request;
}

/** The known parameters as single strings; unknown, repeated and non-string parameters are errors. */
function readParameters(query: Record<string, unknown>): Partial<Record<Parameter, string>> {
  const values: Partial<Record<Parameter, string>> = {};
  for (const name of Object.keys(query)) {
    if (!isParameter(name)) {
      throw new AppError(
        'invalid_query',
        `Unknown query parameter ${quote(name)}; the parameters are ${PARAMETERS.join(', ')}`,
        { parameter: name.slice(0, SHOWN) },
      );
    }
    const value = query[name];
    if (Array.isArray(value)) {
      throw new AppError('invalid_query', `${name} must be given once, not ${value.length} times`, {
        parameter: name,
      });
    }
    if (typeof value !== 'string') {
      throw new AppError('invalid_query', `${name} must be a single text value`, { parameter: name });
    }
    values[name] = value;
  }
  return values;
}

function isParameter(name: string): name is Parameter {
  return (PARAMETERS as readonly string[]).includes(name);
}

function parseK(value: string): number {
  const k = /^[0-9]+$/.test(value) ? Number(value) : NaN;
  if (!(k >= 1 && k <= 100)) throw invalid('k', value, 'a whole number from 1 to 100');
  return k;
}

/** `a,b`: either category; a comma inside a name is escaped as `\,` (e.g. `Home\, Garden,Toys`). */
function parseCategories(value: string): string[] {
  const what = `a comma-separated list of up to ${MAX_CATEGORIES} category names, each 1 to ${MAX_NAME} characters`;
  // A comma inside a category name is written `\,`.
  const parts = value.split(/(?<!\\),/, MAX_CATEGORIES + 1).map((part) => part.replaceAll('\\,', ','));
  if (parts.length > MAX_CATEGORIES) throw invalid('category', value, what);
  const categories = new Set<string>();
  for (const part of parts) {
    const name = part.trim();
    if (name.length === 0 || name.length > MAX_NAME) throw invalid('category', value, what);
    categories.add(name);
  }
  return [...categories];
}

function parsePrice(value: string): { min: number | null; max: number | null } {
  const what = 'MIN..MAX, MIN.. or ..MAX with non-negative decimal prices and MIN no more than MAX';
  const match = PRICE.exec(value);
  const lo = match?.[1];
  const hi = match?.[2];
  if (match === null || (lo === undefined && hi === undefined)) throw invalid('price', value, what);
  const min = lo === undefined ? null : Number(lo);
  const max = hi === undefined ? null : Number(hi);
  const finite = (n: number | null): boolean => n === null || Number.isFinite(n);
  if (!finite(min) || !finite(max) || (min !== null && max !== null && min > max)) {
    throw invalid('price', value, what);
  }
  return { min, max };
}

function parseExclude(value: string): { purchased: boolean; outOfStock: boolean; items: string[] } {
  const what =
    `a comma-separated list of up to ${MAX_EXCLUDE} of purchased, out_of_stock and item:<id> ` +
    `(an id of 1 to ${MAX_NAME} characters)`;
  const tokens = value.split(',', MAX_EXCLUDE + 1);
  if (tokens.length > MAX_EXCLUDE) throw invalid('exclude', value, what);
  let purchased = false;
  let outOfStock = false;
  const items = new Set<string>();
  for (const raw of tokens) {
    const token = raw.trim();
    if (token === 'purchased') purchased = true;
    else if (token === 'out_of_stock') outOfStock = true;
    else if (token.startsWith('item:')) {
      const id = token.slice(5).trim();
      if (id.length === 0 || id.length > MAX_NAME) throw invalid('exclude', value, what);
      items.add(id);
    } else throw invalid('exclude', value, what);
  }
  return { purchased, outOfStock, items: [...items] };
}

function parseDiversity(value: string): number {
  const d = DECIMAL.test(value) ? Number(value) : NaN;
  if (!(d >= 0 && d <= 1)) throw invalid('diversity', value, 'a number from 0 to 1');
  return d;
}

function unknownSlot(slot: string, rules: RecommendRules): AppError {
  const known = Object.keys(rules.slots);
  const what = known.length > 0 ? `one of ${known.join(', ')}` : 'a slot of the rules file, which names none';
  return new AppError('invalid_query', `slot must be ${what}, not ${quote(slot)}`, {
    parameter: 'slot',
    value: slot.slice(0, SHOWN),
    slots: known,
  });
}

function invalid(parameter: Parameter, value: string, allowed: string): AppError {
  return new AppError('invalid_query', `${parameter} must be ${allowed}, not ${quote(value)}`, {
    parameter,
    value: value.slice(0, SHOWN),
  });
}

function quote(value: string): string {
  return JSON.stringify(value.length > SHOWN ? `${value.slice(0, SHOWN)}…` : value);
}
