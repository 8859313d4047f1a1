import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/index.js';
import type { ModelStatus, ModelVersionHeader } from './ports.js';
import {
  decidePromotion,
  formatMetric,
  promotionChanges,
  registrationChanges,
  rollbackChanges,
} from './promotion-rule.js';

const auc = { name: 'auc', higherIsBetter: true };
const logLoss = { name: 'log_loss', higherIsBetter: false };

function header(
  version: number,
  status: ModelStatus,
  metrics: Record<string, number> = {},
): ModelVersionHeader {
  return {
    id: `mdl_${version}`,
    name: 'churn_60d',
    version,
    status,
    statusReason: '',
    modelType: 'gbdt',
    primaryMetric: auc,
    metrics,
    createdAt: version,
    updatedAt: version,
  };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof AppError ? error.code : 'not an AppError';
  }
  return undefined;
}

describe('decidePromotion', () => {
  it('promotes the first version', () => {
    expect(decidePromotion({ metrics: { auc: 0.5 }, primaryMetric: auc }, null, 0.001)).toEqual({
      promote: true,
      reason: 'first version',
    });
  });

  it('keeps a candidate better by less than the margin, stating both values and the margin', () => {
    const d = decidePromotion(
      { metrics: { auc: 0.8005 }, primaryMetric: auc },
      header(2, 'active', { auc: 0.8 }),
      0.001,
    );
    expect(d).toEqual({
      promote: false,
      reason: 'auc 0.8005 vs 0.8 of active v2: better by 0.0005, below the margin 0.001',
    });
  });

  it('promotes a candidate better by at least the margin, the exact margin included', () => {
    // 0.141 − 0.14 is 0.00099999999999997 in binary floating point: still "by the margin".
    expect(0.141 - 0.14).toBeLessThan(0.001);
    const low = header(1, 'active', { auc: 0.14 });
    expect(decidePromotion({ metrics: { auc: 0.141 }, primaryMetric: auc }, low, 0.001)).toEqual({
      promote: true,
      reason: 'auc 0.141 vs 0.14 of active v1: better by 0.001, at least the margin 0.001',
    });
    const active = header(1, 'active', { auc: 0.8 });
    expect(decidePromotion({ metrics: { auc: 0.85 }, primaryMetric: auc }, active, 0.001).promote).toBe(true);
    expect(decidePromotion({ metrics: { auc: 0.8 }, primaryMetric: auc }, active, 0.001)).toMatchObject({
      promote: false,
      reason: expect.stringMatching(/no better, below the margin 0\.001$/),
    });
  });

  it('reads a lower-is-better metric (log-loss) the other way round', () => {
    const active = header(3, 'active', { log_loss: 0.45 });
    expect(decidePromotion({ metrics: { log_loss: 0.43 }, primaryMetric: logLoss }, active, 0.001)).toEqual({
      promote: true,
      reason:
        'log_loss 0.43 vs 0.45 of active v3 (lower is better): better by 0.02, at least the margin 0.001',
    });
    expect(decidePromotion({ metrics: { log_loss: 0.47 }, primaryMetric: logLoss }, active, 0.001)).toEqual({
      promote: false,
      reason: 'log_loss 0.47 vs 0.45 of active v3 (lower is better): worse by 0.02, below the margin 0.001',
    });
  });

  it('with margin 0 a tie goes live; a larger margin holds back a clear gain', () => {
    const active = header(1, 'active', { auc: 0.7 });
    expect(decidePromotion({ metrics: { auc: 0.7 }, primaryMetric: auc }, active, 0).promote).toBe(true);
    expect(decidePromotion({ metrics: { auc: 0.74 }, primaryMetric: auc }, active, 0.05).promote).toBe(false);
  });

  it('keeps the candidate when the active version lacks the metric', () => {
    const d = decidePromotion(
      { metrics: { auc: 0.9 }, primaryMetric: auc },
      header(1, 'active', { pr_auc: 0.3 }),
      0,
    );
    expect(d).toEqual({
      promote: false,
      reason: 'active v1 has no held-out auc to compare with; promote manually',
    });
  });

  it('formats metric values with at most 6 significant digits', () => {
    expect(formatMetric(0.123456789)).toBe('0.123457');
    expect(formatMetric(1234567)).toBe('1234570');
    expect(formatMetric(0.1 + 0.2)).toBe('0.3');
  });
});

describe('registrationChanges', () => {
  it('retires the active version when the new one wins, and leaves it alone when it does not', () => {
    const v1 = header(1, 'retired', { auc: 0.6 });
    const v2 = header(2, 'active', { auc: 0.7 });
    const win = header(3, 'candidate', { auc: 0.75 });
    expect(registrationChanges(win, [v1, v2, win], 0.001)).toEqual([
      { version: 2, to: 'retired', reason: 'replaced by v3' },
      { version: 3, to: 'active', reason: expect.stringMatching(/^auc 0.75 vs 0.7 of active v2/) },
    ]);
    const lose = header(3, 'candidate', { auc: 0.7 });
    expect(registrationChanges(lose, [v1, v2, lose], 0.001)).toEqual([
      { version: 3, to: 'candidate', reason: expect.stringMatching(/below the margin/) },
    ]);
    const first = header(1, 'candidate', { auc: 0.5 });
    expect(registrationChanges(first, [first], 0.001)).toEqual([
      { version: 1, to: 'active', reason: 'first version' },
    ]);
  });
});

describe('promotionChanges', () => {
  const versions = [header(1, 'retired'), header(2, 'active'), header(3, 'candidate')];
  it('puts any version live with the reason manual and retires the active one', () => {
    expect(promotionChanges('churn_60d', 3, versions)).toEqual([
      { version: 2, to: 'retired', reason: 'replaced by v3 (manual)' },
      { version: 3, to: 'active', reason: 'manual' },
    ]);
    expect(promotionChanges('churn_60d', 1, versions)[1]).toEqual({
      version: 1,
      to: 'active',
      reason: 'manual',
    });
  });
  it('refuses unknown versions and the active one with coded errors', () => {
    expect(codeOf(() => promotionChanges('churn_60d', 9, versions))).toBe('model_not_found');
    expect(codeOf(() => promotionChanges('nope', 1, []))).toBe('model_not_found');
    expect(codeOf(() => promotionChanges('churn_60d', 2, versions))).toBe('model_already_active');
  });
});

describe('rollbackChanges', () => {
  it('goes back to the newest earlier version that was live, skipping candidates that lost', () => {
    const versions = [
      header(1, 'retired'),
      header(2, 'retired'),
      header(3, 'candidate'),
      header(4, 'active'),
    ];
    expect(rollbackChanges('churn_60d', undefined, versions)).toEqual([
      { version: 4, to: 'retired', reason: 'rolled back to v2' },
      { version: 2, to: 'active', reason: 'rollback from v4' },
    ]);
  });
  it('goes to a named earlier version, candidates included', () => {
    const versions = [header(1, 'retired'), header(2, 'candidate'), header(3, 'active')];
    expect(rollbackChanges('churn_60d', 2, versions)[1]).toEqual({
      version: 2,
      to: 'active',
      reason: 'rollback from v3',
    });
  });
  it('refuses when there is nothing to roll back to, with model_rollback_unavailable', () => {
    expect(codeOf(() => rollbackChanges('churn_60d', undefined, [header(1, 'active')]))).toBe(
      'model_rollback_unavailable',
    );
    // Only a candidate below the active one: it never went live (v2 was promoted manually over it).
    expect(
      codeOf(() => rollbackChanges('churn_60d', undefined, [header(1, 'candidate'), header(2, 'active')])),
    ).toBe('model_rollback_unavailable');
    expect(
      codeOf(() =>
        rollbackChanges('churn_60d', 3, [header(1, 'retired'), header(2, 'active'), header(3, 'candidate')]),
      ),
    ).toBe('model_rollback_unavailable');
    expect(codeOf(() => rollbackChanges('churn_60d', 2, [header(1, 'retired'), header(2, 'active')]))).toBe(
      'model_already_active',
    );
    expect(codeOf(() => rollbackChanges('churn_60d', 7, [header(1, 'retired'), header(2, 'active')]))).toBe(
      'model_not_found',
    );
    expect(codeOf(() => rollbackChanges('churn_60d', undefined, [header(1, 'retired')]))).toBe(
      'model_rollback_unavailable',
    );
    expect(codeOf(() => rollbackChanges('nope', undefined, []))).toBe('model_not_found');
  });
});
