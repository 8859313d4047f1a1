import { AppError } from '../shared/index.js';
import type { ModelVersionHeader, StatusChange } from './ports.js';

/** Differences this close to the margin count as reaching it: 0.801 − 0.800 is 0.000999… in binary floating point. */
const TOLERANCE = 1e-12;

/** A metric value for reasons: at most 6 significant digits, no trailing zeros. */
export function formatMetric(value: number): string {
  return String(Number(value.toPrecision(6)));
}

export interface PromotionDecision {
  promote: boolean;
  reason: string;
}

/**
 * The promotion rule. A candidate goes live when no version is active, or when its held-out primary metric beats
 * the active version's by at least `margin` (absolute, in the metric's units; lower values win when the metric is
 * lower-is-better, e.g. log-loss). Otherwise it stays a candidate, and the reason states both values and the margin.
 */
export function decidePromotion(
  candidate: Pick<ModelVersionHeader, 'metrics' | 'primaryMetric'>,
  active: Pick<ModelVersionHeader, 'version' | 'metrics'> | null,
  margin: number,
): PromotionDecision {
  if (active === null) return { promote: true, reason: 'first version' };
  const { name, higherIsBetter } = candidate.primaryMetric;
  const mine = candidate.metrics[name];
  const theirs = active.metrics[name];
  if (mine === undefined || !Number.isFinite(mine))
    return { promote: false, reason: `the candidate has no held-out ${name}` };
  if (theirs === undefined || !Number.isFinite(theirs))
    return {
      promote: false,
      reason: `active v${active.version} has no held-out ${name} to compare with; promote manually`,
    };
  const gain = higherIsBetter ? mine - theirs : theirs - mine;
  const direction = higherIsBetter ? '' : ' (lower is better)';
  const compared = `${name} ${formatMetric(mine)} vs ${formatMetric(theirs)} of active v${active.version}${direction}`;
  const m = formatMetric(margin);
  if (gain >= margin - TOLERANCE)
    return {
      promote: true,
      reason: `${compared}: better by ${formatMetric(gain)}, at least the margin ${m}`,
    };
  const by =
    gain > 0
      ? `better by ${formatMetric(gain)}`
      : gain === 0
        ? 'no better'
        : `worse by ${formatMetric(-gain)}`;
  return { promote: false, reason: `${compared}: ${by}, below the margin ${m}` };
}

const activeOf = (versions: readonly ModelVersionHeader[]) =>
  versions.find((v) => v.status === 'active') ?? null;

/** The changes that register `created`: promoted over the active version by the rule, or kept as a candidate. */
export function registrationChanges(
  created: ModelVersionHeader,
  versions: readonly ModelVersionHeader[],
  margin: number,
): StatusChange[] {
  const active = activeOf(versions.filter((v) => v.version !== created.version));
  const decision = decidePromotion(created, active, margin);
  if (!decision.promote) return [{ version: created.version, to: 'candidate', reason: decision.reason }];
  return [
    ...(active
      ? [{ version: active.version, to: 'retired' as const, reason: `replaced by v${created.version}` }]
      : []),
    { version: created.version, to: 'active', reason: decision.reason },
  ];
}

function notFound(name: string, version?: number): AppError {
  return version === undefined
    ? new AppError('model_not_found', `No model named ${name}.`, { name })
    : new AppError('model_not_found', `No version ${version} of model ${name}.`, { name, version });
}

/** A manual promotion: `version` goes live whatever its metrics (reason `manual`); the active one is retired. */
export function promotionChanges(
  name: string,
  version: number,
  versions: readonly ModelVersionHeader[],
): StatusChange[] {
  if (versions.length === 0) throw notFound(name);
  const target = versions.find((v) => v.version === version);
  if (!target) throw notFound(name, version);
  if (target.status === 'active')
    throw new AppError('model_already_active', `${name} v${version} is already active.`, { name, version });
  const active = activeOf(versions);
  return [
    ...(active
      ? [{ version: active.version, to: 'retired' as const, reason: `replaced by v${version} (manual)` }]
      : []),
    { version, to: 'active', reason: 'manual' },
  ];
}

/**
 * A rollback: the active version is retired and an earlier one goes live. Without `toVersion`, the target is the
 * newest earlier version that was once active (candidates that lost their comparison are skipped), so repeated
 * rollbacks walk back through the versions that were live.
 */
export function rollbackChanges(
  name: string,
  toVersion: number | undefined,
  versions: readonly ModelVersionHeader[],
): StatusChange[] {
  if (versions.length === 0) throw notFound(name);
  const active = activeOf(versions);
  if (!active)
    throw new AppError('model_rollback_unavailable', `${name} has no active version to roll back from.`, {
      name,
    });
  let target: ModelVersionHeader | undefined;
  if (toVersion !== undefined) {
    target = versions.find((v) => v.version === toVersion);
    if (!target) throw notFound(name, toVersion);
    if (target.version === active.version)
      throw new AppError('model_already_active', `${name} v${toVersion} is already active.`, {
        name,
        version: toVersion,
      });
    if (target.version > active.version)
      throw new AppError(
        'model_rollback_unavailable',
        `${name} v${toVersion} is not earlier than the active v${active.version}; promote it instead.`,
        { name, version: toVersion, active: active.version },
      );
  } else {
    target = versions
      .filter((v) => v.status === 'retired' && v.version < active.version)
      .reduce<ModelVersionHeader | undefined>(
        (best, v) => (best && best.version > v.version ? best : v),
        undefined,
      );
    if (!target)
      throw new AppError(
        'model_rollback_unavailable',
        `No version of ${name} before the active v${active.version} was ever active; name the version to roll back to.`,
        { name, active: active.version },
      );
  }
  return [
    { version: active.version, to: 'retired', reason: `rolled back to v${target.version}` },
    { version: target.version, to: 'active', reason: `rollback from v${active.version}` },
  ];
}
