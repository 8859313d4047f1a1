import type { CountryCode } from 'libphonenumber-js';
import { mayProcess, type ConsentCheck } from './consent-gate.js';
import { cleanText } from './hostile-text.js';
import { redactTexts, type Redaction } from './pii-redactor.js';
import type { ChatRequest, LlmFailure, LlmProvider } from './ports.js';
import type { PromptLibrary } from './prompt-library.js';
import { renderPrompt } from './prompt-template.js';
import type { StructuredTask, TextTask } from './tasks.js';

/** The customer a task is about, as the caller read it from the profile. */
export interface CustomerData {
  customerId: string;
  /** Their names (full name, first/last name, …): redacted wherever they appear. */
  names: readonly string[];
  /** Their identifiers (user ids, emails, phone numbers): redacted wherever they appear. */
  identifiers: readonly string[];
  /** Profile traits; only the task's `profileFields` leave. */
  profile: Readonly<Record<string, unknown>>;
}

export interface TaskInput {
  /** Required for a task with `customerData`. */
  customer?: CustomerData;
  /** The template's variables (review text, product name, …); all treated as untrusted data. */
  values: Readonly<Record<string, string>>;
}

export interface PrepareDeps {
  provider: LlmProvider;
  prompts: PromptLibrary;
  consent: ConsentCheck;
}

export interface PrepareOptions {
  maxInputChars: number;
  phoneRegions: readonly CountryCode[];
}

export interface PreparedRequest {
  request: ChatRequest;
  redaction: Redaction;
}

function pickFields(
  profile: Readonly<Record<string, unknown>>,
  fields: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) if (Object.hasOwn(profile, field)) out[field] = profile[field];
  return out;
}

/**
 * Consent gate, then the rendered, cleaned and redacted request. Returns `refused` (consent) before anything is
 * rendered when the customer has not allowed LLM processing by an external provider.
 * @throws Error when a customer-data task has no customer (a caller bug).
 */
export async function prepareRequest(
  deps: PrepareDeps,
  options: PrepareOptions,
  task: TextTask | StructuredTask<unknown>,
  input: TaskInput,
): Promise<PreparedRequest | LlmFailure> {
  const customer = input.customer;
  if (task.customerData && customer === undefined) throw new Error(`task ${task.name} needs the customer`);
  if (customer !== undefined && !(await mayProcess(deps.provider, customer.customerId, deps.consent)))
    return {
      kind: 'refused',
      reason: 'consent',
      message: `Customer ${customer.customerId} has not consented to llm_processing; nothing was sent.`,
    };
  const template = await deps.prompts.get(task.template);
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(input.values))
    values[key] = cleanText(value, options.maxInputChars).text;
  if (task.profileFields.length > 0) {
    const profile = pickFields(customer?.profile ?? {}, task.profileFields);
    values.profile = cleanText(JSON.stringify(profile, null, 2), options.maxInputChars).text;
  }
  const messages = renderPrompt(template, values);
  const redaction = redactTexts(
    messages.map((m) => m.content),
    {
      names: customer?.names ?? [],
      identifiers: customer ? [customer.customerId, ...customer.identifiers] : [],
    },
    { phoneRegions: options.phoneRegions },
  );
  const request: ChatRequest = {
    messages: messages.map((m, i) => ({ role: m.role, content: redaction.texts[i] ?? '' })),
    ...(template.temperature === null ? {} : { temperature: template.temperature }),
    ...(template.maxTokens === null ? {} : { maxTokens: template.maxTokens }),
  };
  return { request, redaction };
}
