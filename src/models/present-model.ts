import type { ModelSummary } from './model-registry.js';
import type { ModelEvent, ModelVersion, ModelVersionHeader } from './ports.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** A version's one-line facts: status, why, and its primary metric's held-out value. */
export function presentModelHeader(v: ModelVersionHeader) {
  return {
    id: v.id,
    name: v.name,
    version: v.version,
    status: v.status,
    statusReason: v.statusReason,
    modelType: v.modelType,
    primaryMetric: { ...v.primaryMetric, value: v.metrics[v.primaryMetric.name] ?? null },
    createdAt: iso(v.createdAt),
    updatedAt: iso(v.updatedAt),
  };
}

export function presentModelEvent(e: ModelEvent) {
  return { version: e.version, from: e.from, to: e.to, reason: e.reason, actor: e.actor, at: iso(e.at) };
}

/** A version with its metadata and history, as the API and `rapport models show --json` give it (no artifact). */
export function presentModel(v: ModelVersion, history: readonly ModelEvent[]) {
  return {
    ...presentModelHeader(v),
    metrics: v.metrics,
    dataWindow: { from: iso(v.dataWindow.from), to: iso(v.dataWindow.to), asOf: iso(v.dataWindow.asOf) },
    features: v.features,
    preprocessing: v.preprocessing,
    seed: v.seed,
    params: v.params,
    trainingSeconds: v.trainingSeconds,
    codeVersion: v.codeVersion,
    artifactBytes: v.artifactBytes,
    evaluation: v.evaluation,
    history: history.map(presentModelEvent),
  };
}

export function presentModelSummary(s: ModelSummary) {
  return {
    name: s.name,
    activeVersion: s.active?.version ?? null,
    latestVersion: s.latest.version,
    versions: s.versions.map(presentModelHeader),
  };
}
