import { AppError, type Clock } from '../shared/index.js';
import {
  consentStates,
  isConsentPurpose,
  type ConsentDecision,
  type ConsentDefaults,
  type ConsentPurpose,
  type ConsentSource,
  type ConsentState,
} from './consent.js';
import type { ConsentStore } from './ports.js';

export interface ConsentService {
  /** The one question later stages ask: may this customer's data be used for this purpose? */
  checkConsent(customerId: string, purpose: ConsentPurpose): Promise<boolean>;
  states(customerId: string): Promise<ConsentState[]>;
  /** Records choices made now (or at `at`), e.g. from a preference centre. Unknown purposes are a 400. */
  set(
    customerId: string,
    choices: Record<string, unknown>,
    options?: { source?: ConsentSource; at?: number },
  ): Promise<ConsentState[]>;
  history: ConsentStore['history'];
  record: ConsentStore['record'];
  readonly defaults: ConsentDefaults;
}

/**
 * @example
 * const consent = createConsentService({ store, clock }, defaultConsentPolicy);
 * if (await consent.checkConsent(customerId, 'marketing_email')) send();
 */
export function createConsentService(
  deps: {
    store: ConsentStore;
    clock: Clock;
    /** Told after choices of a customer were recorded (e.g. to drop what was decided on the old ones). */
    onChange?: (customerId: string) => void;
  },
  defaults: ConsentDefaults,
): ConsentService {
  const changed = (customerIds: Iterable<string>) => {
    if (deps.onChange) for (const id of new Set(customerIds)) deps.onChange(id);
  };
  const states = async (customerId: string) => consentStates(await deps.store.current(customerId), defaults);
  return {
    defaults,
    async checkConsent(customerId, purpose) {
      const state = (await states(customerId)).find((s) => s.purpose === purpose);
      return state ? state.granted : false;
    },
    states,
    async set(customerId, choices, options = {}) {
      const problems: string[] = [];
      const decisions: ConsentDecision[] = [];
      const at = options.at ?? deps.clock.now();
      for (const [purpose, granted] of Object.entries(choices)) {
        if (!isConsentPurpose(purpose)) problems.push(`${purpose}: not a consent purpose`);
        else if (typeof granted !== 'boolean') problems.push(`${purpose}: must be true or false`);
        else decisions.push({ customerId, purpose, granted, source: options.source ?? 'api', at });
      }
      if (problems.length > 0 || decisions.length === 0)
        throw new AppError('invalid_request', 'Consent choices must map purposes to true or false.', {
          problems: problems.length > 0 ? problems : ['no choices given'],
        });
      await deps.store.record(decisions);
      changed([customerId]);
      return states(customerId);
    },
    history: (customerId, query) => deps.store.history(customerId, query),
    async record(decisions) {
      const recorded = await deps.store.record(decisions);
      changed(decisions.map((d) => d.customerId));
      return recorded;
    },
  };
}
