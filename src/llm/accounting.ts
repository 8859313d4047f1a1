import type { LlmCallRecord, LlmFailure, LlmObserver, TokenUsage } from './ports.js';

/** Prices per 1,000 tokens in the operator's currency (0 for a free or local model). */
export interface LlmPrices {
  promptPer1k: number;
  completionPer1k: number;
}

/** About four characters per token for English-like text; used only when the provider reports no usage. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function costOf(
  usage: Pick<TokenUsage, 'promptTokens' | 'completionTokens'>,
  prices: LlmPrices,
): number {
  return (usage.promptTokens * prices.promptPer1k + usage.completionTokens * prices.completionPer1k) / 1000;
}

/** Records one provider call (or cache hit) of `task` with the observer. */
export function recordCall(
  observer: LlmObserver,
  prices: LlmPrices,
  call: {
    task: string;
    model: string;
    outcome: 'ok' | LlmFailure['kind'];
    cached: boolean;
    usage: Pick<TokenUsage, 'promptTokens' | 'completionTokens'> | null;
    seconds: number;
  },
): void {
  const usage = call.cached || call.usage === null ? { promptTokens: 0, completionTokens: 0 } : call.usage;
  const record: LlmCallRecord = {
    task: call.task,
    model: call.model,
    outcome: call.outcome,
    cached: call.cached,
    promptTokens: usage.promptTokens,
    completionTokens: usage.completionTokens,
    cost: costOf(usage, prices),
    seconds: call.seconds,
  };
  observer.call(record);
}

/** An observer that keeps totals per task, for reports and tests. */
export function createLlmTally(): LlmObserver & {
  records: LlmCallRecord[];
  totals(task: string): TaskTotals;
} {
  const records: LlmCallRecord[] = [];
  return {
    records,
    call: (r) => void records.push(r),
    totals: (task) =>
      records
        .filter((r) => r.task === task)
        .reduce<TaskTotals>(
          (t, r) => ({
            requests: t.requests + 1,
            promptTokens: t.promptTokens + r.promptTokens,
            completionTokens: t.completionTokens + r.completionTokens,
            cost: t.cost + r.cost,
          }),
          { requests: 0, promptTokens: 0, completionTokens: 0, cost: 0 },
        ),
  };
}

export interface TaskTotals {
  requests: number;
  promptTokens: number;
  completionTokens: number;
  cost: number;
}
