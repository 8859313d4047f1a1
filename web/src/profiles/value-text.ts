import { formatNumber } from '../ui/format';

/** A trait or feature value as text: numbers formatted, lists joined, objects as compact JSON. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null))
    return value.map((v) => valueText(v)).join(', ');
  return JSON.stringify(value);
}

/** A map of names to numbers (e.g. `category_affinity`), or null when the value is anything else. */
export function numberMap(value: unknown): [string, number][] | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const entries = Object.entries(value);
  if (entries.length === 0) return null;
  const out: [string, number][] = [];
  for (const [key, v] of entries) {
    if (typeof v !== 'number' || !Number.isFinite(v)) return null;
    out.push([key, v]);
  }
  return out.sort((a, b) => b[1] - a[1]);
}
