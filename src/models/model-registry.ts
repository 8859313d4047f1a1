import { AppError, newId, type Clock } from '../shared/index.js';
import { isModelName, jsonText, parseModelCandidate, parseModelRef } from './model-candidate.js';
import type { ModelActor, ModelEvent, ModelStore, ModelVersion, ModelVersionHeader } from './ports.js';
import { promotionChanges, registrationChanges, rollbackChanges } from './promotion-rule.js';

export interface ModelRegistryDeps {
  store: ModelStore;
  clock: Clock;
  /** How much a new version must beat the active one on its held-out primary metric (absolute, ≥ 0). */
  margin: number;
  /** Recorded on versions whose candidate names none (package version, `+<git commit>` when known). */
  codeVersion?: string;
}

/** The outcome of registering a version: promoted or kept as a candidate, and why. */
export interface Registration {
  model: ModelVersion;
  promoted: boolean;
  reason: string;
  /** The decisions recorded: the new version's, and the replaced version's when it was promoted. */
  events: ModelEvent[];
}

/** One model name: its active version, its latest, and every version, newest first. */
export interface ModelSummary {
  name: string;
  active: ModelVersionHeader | null;
  latest: ModelVersionHeader;
  versions: ModelVersionHeader[];
}

export interface RegisterOptions {
  actor?: ModelActor;
  margin?: number;
  /**
   * Runs with the new version's id once the candidate is valid and before its status is decided, e.g. to store its
   * scores, so a version never goes live without them. When registering then fails, `onAbort` gets the id.
   */
  beforeDecision?: (id: string) => Promise<void>;
  onAbort?: (id: string) => Promise<void>;
}

export interface ModelRegistry {
  readonly margin: number;
  /**
   * Stores a trained model as the next version of its name and decides its status by the promotion rule
   * (`decidePromotion`). Throws `invalid_request` listing every problem of an invalid candidate.
   */
  register(candidate: unknown, options?: RegisterOptions): Promise<Registration>;
  /** Puts a version live whatever its metrics (reason `manual`); the active one is retired. */
  promote(
    name: string,
    version: number,
    actor: ModelActor,
  ): Promise<{ model: ModelVersion; events: ModelEvent[] }>;
  /** Retires the active version and puts `toVersion` live, by default the version that was live before it. */
  rollback(
    name: string,
    toVersion: number | undefined,
    actor: ModelActor,
  ): Promise<{ from: ModelVersion; to: ModelVersion; events: ModelEvent[] }>;
  list(): Promise<ModelSummary[]>;
  get(id: string): Promise<ModelVersion>;
  getVersion(name: string, version: number): Promise<ModelVersion>;
  /** A version by id, `name@version`, or `name` (the active version, else the latest). */
  resolve(ref: string): Promise<ModelVersion>;
  /** The active version of a name with its fitted artifact, for scoring. */
  active(name: string): Promise<{ model: ModelVersion; artifact: unknown }>;
  /** The promotion history of a name (or of one version), oldest first. */
  history(name: string, version?: number): Promise<ModelEvent[]>;
}

const notFound = (ref: string) =>
  new AppError('model_not_found', `No model ${ref}.`, { ref: ref.slice(0, 200) });

/**
 * The model registry: versioned models with their training metadata, promoted only when they beat the live version
 * by the margin, with manual promotion, rollback and a full promotion history.
 *
 * @example
 * const models = createModelRegistry({ store: stores.models, clock, margin: 0.001 });
 * const { promoted, reason } = await models.register(trained);
 * const { artifact } = await models.active('churn_60d');
 */
export function createModelRegistry(deps: ModelRegistryDeps): ModelRegistry {
  const { store, clock } = deps;
  const checkMargin = (margin: number) => {
    if (!Number.isFinite(margin) || margin < 0)
      throw new AppError('invalid_request', `The promotion margin must be a number ≥ 0, not ${margin}.`);
    return margin;
  };
  const defaultMargin = checkMargin(deps.margin);

  const getVersion = async (name: string, version: number) => {
    const found = isModelName(name) ? await store.getVersion(name, version) : null;
    if (!found) throw notFound(`${name}@${version}`);
    return found;
  };
  const versionsOf = async (name: string) => (await store.list()).filter((v) => v.name === name);

  return {
    margin: defaultMargin,
    async register(input, options = {}) {
      const candidate = parseModelCandidate(input);
      const margin = options.margin === undefined ? defaultMargin : checkMargin(options.margin);
      jsonText(candidate.preprocessing, 'preprocessing');
      jsonText(candidate.params, 'params');
      jsonText(candidate.artifact, 'artifact');
      if (candidate.evaluation !== undefined) jsonText(candidate.evaluation, 'evaluation');
      const now = clock.now();
      const { codeVersion, ...rest } = candidate;
      const id = newId('mdl', now);
      let stored: Awaited<ReturnType<ModelStore['register']>>;
      try {
        await options.beforeDecision?.(id);
        stored = await store.register(
          { ...rest, id, codeVersion: codeVersion ?? deps.codeVersion ?? 'unknown', createdAt: now },
          (created, versions) => registrationChanges(created, versions, margin),
          { actor: options.actor ?? 'pipeline', at: now },
        );
      } catch (error) {
        // The registration's error is the one to report, whatever becomes of the clean-up.
        await options.onAbort?.(id).catch(() => undefined);
        throw error;
      }
      const { model, events } = stored;
      return { model, promoted: model.status === 'active', reason: model.statusReason, events };
    },
    async promote(name, version, actor) {
      if (!isModelName(name)) throw notFound(name);
      const events = await store.transition(name, (versions) => promotionChanges(name, version, versions), {
        actor,
        at: clock.now(),
      });
      return { model: await getVersion(name, version), events };
    },
    async rollback(name, toVersion, actor) {
      if (!isModelName(name)) throw notFound(name);
      const events = await store.transition(name, (versions) => rollbackChanges(name, toVersion, versions), {
        actor,
        at: clock.now(),
      });
      const from = events.find((e) => e.to === 'retired');
      const to = events.find((e) => e.to === 'active');
      if (!from || !to) throw new Error('a rollback records a retired and an activated version');
      return { from: await getVersion(name, from.version), to: await getVersion(name, to.version), events };
    },
    async list() {
      const byName = new Map<string, ModelVersionHeader[]>();
      for (const v of await store.list()) {
        const versions = byName.get(v.name) ?? [];
        versions.push(v);
        byName.set(v.name, versions);
      }
      return [...byName]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, versions]) => {
          const newestFirst = versions.sort((a, b) => b.version - a.version);
          return {
            name,
            active: newestFirst.find((v) => v.status === 'active') ?? null,
            latest: newestFirst[0] as ModelVersionHeader,
            versions: newestFirst,
          };
        });
    },
    async get(id) {
      const found = await store.get(id);
      if (!found) throw notFound(id);
      return found;
    },
    getVersion,
    async resolve(text) {
      const ref = parseModelRef(text);
      if (ref === null) throw notFound(text);
      if (ref.kind === 'id') {
        const found = await store.get(ref.id);
        if (!found) throw notFound(text);
        return found;
      }
      if (ref.kind === 'version') return getVersion(ref.name, ref.version);
      const active = await store.active(ref.name);
      if (active) return active;
      const latest = (await versionsOf(ref.name)).at(-1);
      if (!latest) throw notFound(text);
      return getVersion(ref.name, latest.version);
    },
    async active(name) {
      const model = isModelName(name) ? await store.active(name) : null;
      if (!model) throw new AppError('model_not_found', `No active version of model ${name}.`, { name });
      return { model, artifact: await store.artifact(model.id) };
    },
    async history(name, version) {
      const events = isModelName(name) ? await store.history(name, version) : [];
      if (events.length === 0) throw notFound(version === undefined ? name : `${name}@${version}`);
      return events;
    },
  };
}
