import {
  consentPurposes,
  defaultConsentPolicy,
  type ConsentDefaults,
  type ConsentPurpose,
} from './segment-consent.js';

export { consentPurposes, defaultConsentPolicy, type ConsentDefaults, type ConsentPurpose };

/** Where a consent decision came from. */
export type ConsentSource = 'context' | 'api' | 'import';

export interface ConsentDecision {
  customerId: string;
  purpose: ConsentPurpose;
  granted: boolean;
  source: ConsentSource;
  /** When the customer made the choice (the event's timestamp, or the request time). */
  at: number;
}

export interface ConsentState {
  purpose: ConsentPurpose;
  granted: boolean;
  /** 'default' when nothing is recorded and the policy decides. */
  source: ConsentSource | 'default';
  at: number | null;
}

export function isConsentPurpose(value: string): value is ConsentPurpose {
  return (consentPurposes as readonly string[]).includes(value);
}

/**
 * Consent-manager categories (OneTrust, Segment Consent Management, Cookiebot, …) mapped to Rapport's purposes.
 * A purpose name itself always maps to that purpose. Names are compared case-insensitively, ignoring spaces,
 * dashes and underscores.
 */
const categoryPurposes: Record<string, readonly ConsentPurpose[]> = {
  analytics: ['analytics'],
  performance: ['analytics'],
  statistics: ['analytics'],
  measurement: ['analytics'],
  personalization: ['personalization'],
  personalisation: ['personalization'],
  functional: ['personalization'],
  preferences: ['personalization'],
  marketing: ['marketing_email', 'marketing_sms', 'marketing_push'],
  advertising: ['marketing_email', 'marketing_sms', 'marketing_push'],
  targeting: ['marketing_email', 'marketing_sms', 'marketing_push'],
  email: ['marketing_email'],
  sms: ['marketing_sms'],
  push: ['marketing_push'],
  ai: ['llm_processing'],
  llm: ['llm_processing'],
};

const squash = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, '');

/**
 * Reads Segment's `context.consent.categoryPreferences` (`{ "Advertising": false, "Analytics": true }`). Unknown
 * categories and non-boolean values are ignored; when a specific category (e.g. `marketing_email`) and a broad one
 * (`Marketing`) disagree, the specific one wins.
 */
export function consentFromPreferences(preferences: unknown): Partial<Record<ConsentPurpose, boolean>> {
  const out: Partial<Record<ConsentPurpose, boolean>> = {};
  if (preferences === null || typeof preferences !== 'object' || Array.isArray(preferences)) return out;
  const specific = new Set<ConsentPurpose>();
  for (const [name, value] of Object.entries(preferences as Record<string, unknown>)) {
    if (typeof value !== 'boolean') continue;
    const key = squash(name);
    const direct = consentPurposes.find((p) => squash(p) === key);
    if (direct) {
      out[direct] = value;
      specific.add(direct);
      continue;
    }
    for (const purpose of Object.hasOwn(categoryPurposes, key) ? (categoryPurposes[key] ?? []) : [])
      if (!specific.has(purpose)) out[purpose] = value;
  }
  return out;
}

/** The current state of every purpose: the latest recorded decision, else the policy default. */
export function consentStates(
  recorded: readonly ConsentDecision[],
  defaults: ConsentDefaults,
): ConsentState[] {
  return consentPurposes.map((purpose) => {
    const latest = recorded
      .filter((d) => d.purpose === purpose)
      .reduce<ConsentDecision | null>((best, d) => (best === null || d.at >= best.at ? d : best), null);
    return latest
      ? { purpose, granted: latest.granted, source: latest.source, at: latest.at }
      : { purpose, granted: defaults[purpose], source: 'default', at: null };
  });
}

/**
 * Parses a policy like `analytics=allow,marketing_email=deny` over the default policy.
 * @throws Error naming the bad entry.
 */
export function parseConsentPolicy(text: string | undefined): ConsentDefaults {
  const policy: Record<ConsentPurpose, boolean> = { ...defaultConsentPolicy };
  if (text === undefined || text.trim() === '') return Object.freeze(policy);
  for (const entry of text.split(',')) {
    const [name, value] = entry.split('=').map((s) => s.trim());
    if (!name || !isConsentPurpose(name) || (value !== 'allow' && value !== 'deny'))
      throw new Error(
        `"${entry}" is not purpose=allow|deny with a purpose among ${consentPurposes.join(', ')}`,
      );
    policy[name] = value === 'allow';
  }
  return Object.freeze(policy);
}
