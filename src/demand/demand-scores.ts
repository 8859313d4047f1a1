import { explainBinary } from '../ml/index.js';
import type { ModelScore } from '../scores/index.js';
import type { TrainedDemandModel } from './train-demand.js';

/**
 * Every scored customer's probability with the inputs that moved it most (log-odds contributions: coefficient ×
 * value or TreeSHAP), ready for the score store.
 */
export function demandScores(trained: TrainedDemandModel, top = 5): ModelScore[] {
  const frame = trained.scoringFrame;
  const explained = explainBinary(trained.model, frame.table, top);
  return frame.customerIds.map((customerId, i) => ({
    customerId,
    value: trained.scores.get(customerId) ?? Number.NaN,
    detail: { contributions: explained[i]!.contributions },
  }));
}
