import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  consentFromPreferences,
  consentStates,
  defaultConsentPolicy,
  parseConsentPolicy,
  type ConsentDecision,
} from './consent.js';

describe('consentFromPreferences', () => {
  it("maps consent-manager categories to Rapport's purposes, case- and separator-insensitively", () => {
    expect(consentFromPreferences({ Advertising: false, 'Analytics ': true, functional: true })).toEqual({
      analytics: true,
      personalization: true,
      marketing_email: false,
      marketing_sms: false,
      marketing_push: false,
    });
  });

  it('lets a specific purpose win over a broad category whatever their order', () => {
    expect(consentFromPreferences({ 'Marketing-Email': true, Marketing: false })).toMatchObject({
      marketing_email: true,
      marketing_sms: false,
    });
    expect(consentFromPreferences({ Marketing: false, marketing_email: true })).toMatchObject({
      marketing_email: true,
      marketing_sms: false,
    });
  });

  it('ignores unknown categories, non-boolean values and non-objects', () => {
    expect(consentFromPreferences({ Unknown: true, Analytics: 'yes', __proto__: true })).toEqual({});
    for (const v of [null, 'Analytics', 42, [true], undefined]) expect(consentFromPreferences(v)).toEqual({});
  });

  it('never throws and yields only known purposes with boolean values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const out = consentFromPreferences(value);
        for (const [k, v] of Object.entries(out)) {
          expect(Object.keys(defaultConsentPolicy)).toContain(k);
          expect(typeof v).toBe('boolean');
        }
      }),
    );
  });
});

describe('consentStates', () => {
  const decision = (purpose: ConsentDecision['purpose'], granted: boolean, at: number): ConsentDecision => ({
    customerId: 'c',
    purpose,
    granted,
    source: 'api',
    at,
  });

  it('takes the latest decision per purpose and the policy default elsewhere', () => {
    const states = consentStates(
      [
        decision('marketing_email', true, 20),
        decision('marketing_email', false, 10),
        decision('analytics', false, 5),
      ],
      defaultConsentPolicy,
    );
    const by = Object.fromEntries(states.map((s) => [s.purpose, s]));
    expect(by.marketing_email).toMatchObject({ granted: true, source: 'api', at: 20 });
    expect(by.analytics).toMatchObject({ granted: false, at: 5 });
    expect(by.marketing_sms).toMatchObject({ granted: false, source: 'default', at: null });
    expect(by.personalization).toMatchObject({ granted: true, source: 'default' });
    expect(states).toHaveLength(6);
  });
});

describe('parseConsentPolicy', () => {
  it('overrides the default policy entry by entry', () => {
    const policy = parseConsentPolicy('marketing_email=allow, analytics=deny');
    expect(policy.marketing_email).toBe(true);
    expect(policy.analytics).toBe(false);
    expect(policy.marketing_sms).toBe(false);
    expect(parseConsentPolicy(undefined)).toEqual(defaultConsentPolicy);
  });

  it('names the bad entry', () => {
    expect(() => parseConsentPolicy('fax=allow')).toThrow(/fax=allow/);
    expect(() => parseConsentPolicy('analytics=maybe')).toThrow(/analytics=maybe/);
  });
});
