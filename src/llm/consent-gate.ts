import type { LlmProvider } from './ports.js';

/** Asks the consent store whether a customer allows a purpose (profiles' ConsentService.checkConsent). */
export type ConsentCheck = (customerId: string, purpose: 'llm_processing') => Promise<boolean>;

/**
 * Whether a customer's data may go to `provider`. An external provider (every provider unless its configuration
 * explicitly says local) needs the customer's `llm_processing` consent; a local one keeps the data on our machines.
 */
export async function mayProcess(
  provider: LlmProvider,
  customerId: string,
  check: ConsentCheck,
): Promise<boolean> {
  if (provider.local) return true;
  return check(customerId, 'llm_processing');
}
