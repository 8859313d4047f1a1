/** The purposes a customer can grant or deny consent for. */
export const consentPurposes = [
  'analytics',
  'personalization',
  'marketing_email',
  'marketing_sms',
  'marketing_push',
  'llm_processing',
] as const;
export type ConsentPurpose = (typeof consentPurposes)[number];

/** What a customer without a recorded choice for a purpose is taken to have chosen. */
export type ConsentDefaults = Readonly<Record<ConsentPurpose, boolean>>;

/** Opt-in for marketing and LLM processing; analytics and personalization allowed until refused. */
export const defaultConsentPolicy: ConsentDefaults = Object.freeze({
  analytics: true,
  personalization: true,
  marketing_email: false,
  marketing_sms: false,
  marketing_push: false,
  llm_processing: false,
});
