const fixed3 = new Intl.NumberFormat(undefined, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
const scientific = new Intl.NumberFormat(undefined, { notation: 'scientific', maximumFractionDigits: 2 });
const money = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A score or ranking metric: 3 decimals; tiny non-zero values in scientific notation; null as a dash. */
export function formatScore(value: number | null): string {
  if (value === null) return '—';
  if (value !== 0 && Math.abs(value) < 1e-3) return scientific.format(value);
  return fixed3.format(value);
}

const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** The day of an ISO time, in the viewer's time zone (the full time goes in a tooltip). */
export function formatDay(iso: string): string {
  const time = Date.parse(iso);
  return Number.isFinite(time) ? day.format(time) : iso;
}

/** A price as the catalogue stores it (the API does not say the currency). */
export function formatPrice(value: number | null): string {
  return value === null ? '—' : money.format(value);
}

const MODEL_LABELS: Record<string, string> = {
  pop: 'Popularity',
  repeat: 'Repeat purchases',
  itemknn: 'Item kNN',
  ease: 'EASE',
  als: 'ALS',
  blend: 'Blend',
  content: 'Content',
};

/** A compared model's display name (`itemknn` → `Item kNN`); unknown names as they are. */
export function modelLabel(model: string): string {
  return MODEL_LABELS[model] ?? model;
}

export interface StrategyText {
  label: string;
  hint: string;
}

const STRATEGIES: Record<string, StrategyText> = {
  personalized: {
    label: 'Personalized',
    hint: 'Ranked from what the customer bought and looked at, events since training included.',
  },
  new_customer: {
    label: 'New customer',
    hint: 'No history yet: popular products, first in their favourite category when it is known.',
  },
  not_personalized: {
    label: 'Not personalized',
    hint: 'No personalization consent: popular products, and their history is not read.',
  },
};

export function strategyText(strategy: string): StrategyText {
  return STRATEGIES[strategy] ?? { label: strategy, hint: '' };
}
