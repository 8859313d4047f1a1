/**
 * `candidate`: registered, never live (it did not beat the active version, or is waiting for a manual promotion).
 * `active`: the version scoring uses; at most one per model name. `retired`: was active, then replaced or rolled
 * back from; it can be rolled back to or promoted again.
 */
export type ModelStatus = 'candidate' | 'active' | 'retired';

/** Who made a status decision. */
export type ModelActor = 'pipeline' | 'cli' | 'api';

/** The held-out metric promotions are decided on. */
export interface PrimaryMetric {
  name: string;
  higherIsBetter: boolean;
}

/** The training data's time window (epoch ms): events in [from, to], features as of `asOf`. */
export interface DataWindow {
  from: number;
  to: number;
  asOf: number;
}

/** What status decisions need to know of a version: no artifact, no training metadata. */
export interface ModelVersionHeader {
  id: string;
  name: string;
  version: number;
  status: ModelStatus;
  /** Why the version has its status: the latest decision's reason. */
  statusReason: string;
  modelType: string;
  primaryMetric: PrimaryMetric;
  /** Metrics on held-out data. */
  metrics: Record<string, number>;
  createdAt: number;
  updatedAt: number;
}

/** A stored version with its metadata; the fitted artifact is read separately (`ModelStore.artifact`). */
export interface ModelVersion extends ModelVersionHeader {
  dataWindow: DataWindow;
  features: string[];
  /** The preprocessing fitted on the training data (scalers, imputation values, encodings): JSON. */
  preprocessing: unknown;
  seed: string | number;
  /** Hyper-parameters: JSON. */
  params: Record<string, unknown>;
  trainingSeconds: number;
  /** Package version, with `+<git commit>` when known. */
  codeVersion: string;
  /** Size of the artifact's JSON in bytes. */
  artifactBytes: number;
  /**
   * The held-out evaluation for charts (reports, feature importance): JSON, its shape up to the trainer (the
   * demand models store `{ report, importance }`); null for a version registered without one.
   */
  evaluation: unknown;
}

/** A version as the registry hands it to the store: the metadata and the artifact, before its number is known. */
export interface NewModelVersion {
  id: string;
  name: string;
  modelType: string;
  dataWindow: DataWindow;
  features: string[];
  preprocessing: unknown;
  seed: string | number;
  params: Record<string, unknown>;
  metrics: Record<string, number>;
  primaryMetric: PrimaryMetric;
  trainingSeconds: number;
  codeVersion: string;
  artifact: unknown;
  /** Held-out evaluation (JSON), if the trainer made one. */
  evaluation?: unknown;
  createdAt: number;
}

/** One entry of the promotion history. `from` is null for the decision that registered the version. */
export interface ModelEvent {
  seq: number;
  modelId: string;
  name: string;
  version: number;
  from: ModelStatus | null;
  to: ModelStatus;
  reason: string;
  actor: ModelActor;
  at: number;
}

/** A status change decided over a name's versions. */
export interface StatusChange {
  version: number;
  to: ModelStatus;
  reason: string;
}

/**
 * Decides status changes from a model name's versions as committed, read under the name's lock. It may throw (an
 * `AppError`) to refuse: nothing is then written.
 */
export type DecideChanges = (versions: readonly ModelVersionHeader[]) => StatusChange[];

export interface DecisionContext {
  actor: ModelActor;
  at: number;
}

/**
 * Versioned models and their promotion history. Every status change happens in one transaction that first takes
 * the model name's lock, so concurrent registrations and promotions of one name are applied one after the other;
 * the store also refuses, whatever the decision, a second `active` version of a name.
 */
export interface ModelStore {
  /**
   * Stores the next version of `model.name` (1 for a new name), then applies `decide`'s changes, which must include
   * the new version's own (`candidate` or `active`, with its reason). `decide` sees the new version as a candidate.
   */
  register(
    model: NewModelVersion,
    decide: (created: ModelVersionHeader, versions: readonly ModelVersionHeader[]) => StatusChange[],
    context: DecisionContext,
  ): Promise<{ model: ModelVersion; events: ModelEvent[] }>;
  /** Applies `decide`'s changes to existing versions of `name` (promotion, rollback); returns the events recorded. */
  transition(name: string, decide: DecideChanges, context: DecisionContext): Promise<ModelEvent[]>;
  get(id: string): Promise<ModelVersion | null>;
  getVersion(name: string, version: number): Promise<ModelVersion | null>;
  /** The active version of a name, if any. */
  active(name: string): Promise<ModelVersion | null>;
  /** The fitted artifact of a version (parsed JSON); undefined for an unknown id. */
  artifact(id: string): Promise<unknown>;
  /** Every version of every name, by name then version. */
  list(): Promise<ModelVersionHeader[]>;
  /** The promotion history of a name (of one version when given), oldest first. */
  history(name: string, version?: number): Promise<ModelEvent[]>;
}
