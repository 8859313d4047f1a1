import { z } from 'zod';

/** What every task declares: its prompt file, and what of the customer it may send. */
interface TaskBase {
  /** Stable name, used in metrics and the cache. */
  name: string;
  /** The prompt file without `.md` (`review-insight.v1`); a new version is a new file. */
  template: string;
  /** The input is about one customer: the consent gate applies and their own PII is redacted. */
  customerData: boolean;
  /** The only profile fields that leave, as JSON in the template's `{{profile}}` (empty: no profile at all). */
  profileFields: readonly string[];
}

/** A task whose reply is free text (may be streamed). */
export type TextTask = TaskBase & { output: null };

/** A task whose reply is JSON validated by a zod schema (sent as `response_format: json_schema`). */
export type StructuredTask<O> = TaskBase & { output: z.ZodType<O> };

export const reviewInsightSchema = z.object({
  sentiment: z.enum(['positive', 'neutral', 'negative', 'mixed']),
  topics: z.array(z.string().min(1).max(40)).max(5),
  summary: z.string().min(1).max(400),
});
export type ReviewInsight = z.infer<typeof reviewInsightSchema>;

/** Sentiment, topics and a summary of one review. Values: `product`, `review`. */
export const reviewInsightTask: StructuredTask<ReviewInsight> = {
  name: 'review-insight',
  template: 'review-insight.v1',
  customerData: true,
  profileFields: [],
  output: reviewInsightSchema,
};

/** A reply to a customer's review, addressed by name. Values: `review` (the profile is added). */
export const replyDraftTask: TextTask = {
  name: 'reply-draft',
  template: 'reply-draft.v1',
  customerData: true,
  profileFields: ['first_name', 'preferred_language'],
  output: null,
};

export const llmCheckSchema = z.object({ ok: z.boolean(), echo: z.string() });

/** The structured-output probe of `rapport llm check`. Values: `word`. */
export const llmCheckTask: StructuredTask<z.infer<typeof llmCheckSchema>> = {
  name: 'llm-check',
  template: 'llm-check.v1',
  customerData: false,
  profileFields: [],
  output: llmCheckSchema,
};

/** The chat and streaming probe of `rapport llm check`. Values: `word`. */
export const llmPingTask: TextTask = {
  name: 'llm-ping',
  template: 'llm-ping.v1',
  customerData: false,
  profileFields: [],
  output: null,
};
