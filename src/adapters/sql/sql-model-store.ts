import type { Kysely, Selectable, Transaction } from 'kysely';
import type {
  DecisionContext,
  ModelActor,
  ModelEvent,
  ModelStatus,
  ModelStore,
  ModelVersion,
  ModelVersionHeader,
  StatusChange,
} from '../../models/ports.js';
import { fromJson, num } from './json.js';
import type { Database, ModelEventsTable, ModelsTable } from './schema.js';

const HEADER = [
  'id',
  'name',
  'version',
  'status',
  'status_reason',
  'model_type',
  'primary_metric',
  'higher_is_better',
  'metrics',
  'created_at',
  'updated_at',
] as const;
/** Every column but the artifact, which only `artifact()` reads. */
const METADATA = [
  ...HEADER,
  'window_from',
  'window_to',
  'window_as_of',
  'features',
  'preprocessing',
  'seed',
  'params',
  'training_seconds',
  'code_version',
  'artifact_bytes',
  'evaluation',
] as const;

type HeaderRow = Pick<ModelsTable, (typeof HEADER)[number]>;
type MetadataRow = Pick<ModelsTable, (typeof METADATA)[number]>;

/** Transactions lost to a concurrent one (a unique key taken meanwhile, a deadlock, a busy database) are retried. */
const ATTEMPTS = 5;
function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === '23505' ||
    code === '40001' ||
    code === '40P01' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_BUSY'
  );
}

function toHeader(row: HeaderRow): ModelVersionHeader {
  return {
    id: row.id,
    name: row.name,
    version: num(row.version),
    status: row.status as ModelStatus,
    statusReason: row.status_reason,
    modelType: row.model_type,
    primaryMetric: { name: row.primary_metric, higherIsBetter: num(row.higher_is_better) === 1 },
    metrics: fromJson<Record<string, number>>(row.metrics, {}),
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}

function toVersion(row: MetadataRow): ModelVersion {
  return {
    ...toHeader(row),
    dataWindow: { from: num(row.window_from), to: num(row.window_to), asOf: num(row.window_as_of) },
    features: fromJson<string[]>(row.features, []),
    preprocessing: fromJson<unknown>(row.preprocessing, null),
    seed: fromJson<string | number>(row.seed, 0),
    params: fromJson<Record<string, unknown>>(row.params, {}),
    trainingSeconds: num(row.training_seconds),
    codeVersion: row.code_version,
    artifactBytes: num(row.artifact_bytes),
    evaluation: fromJson<unknown>(row.evaluation, null),
  };
}

function toEvent(row: Selectable<ModelEventsTable>): ModelEvent {
  return {
    seq: num(row.seq),
    modelId: row.model_id,
    name: row.name,
    version: num(row.version),
    from: row.from_status as ModelStatus | null,
    to: row.to_status as ModelStatus,
    reason: row.reason,
    actor: row.actor as ModelActor,
    at: num(row.at),
  };
}

export function createSqlModelStore(db: Kysely<Database>): ModelStore {
  const headers = async (trx: Kysely<Database>, name: string) =>
    (await trx.selectFrom('models').select(HEADER).where('name', '=', name).orderBy('version').execute()).map(
      toHeader,
    );
  const metadata = (trx: Kysely<Database>) => trx.selectFrom('models').select(METADATA);

  /**
   * Runs `work` in a transaction whose first statement write-locks the name's rows: PostgreSQL then serialises
   * decisions about one name, and SQLite takes its write lock before reading (never upgrading a read snapshot).
   */
  async function underNameLock<T>(
    name: string,
    work: (trx: Transaction<Database>) => Promise<T>,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await db.transaction().execute(async (trx) => {
          await trx
            .updateTable('models')
            .set((eb) => ({ status: eb.ref('status') }))
            .where('name', '=', name)
            .execute();
          return work(trx);
        });
      } catch (error) {
        if (attempt >= ATTEMPTS || !isRetryable(error)) throw error;
      }
    }
  }

  /** Applies the changes (retirements before activations, so one active version hands over to the next). */
  async function apply(
    trx: Transaction<Database>,
    versions: readonly ModelVersionHeader[],
    changes: readonly StatusChange[],
    context: DecisionContext,
    createdId: string | null,
  ): Promise<ModelEvent[]> {
    const byVersion = new Map(versions.map((v) => [v.version, v]));
    const ordered = [
      ...changes.filter((c) => c.to !== 'active'),
      ...changes.filter((c) => c.to === 'active'),
    ];
    const events: ModelEvent[] = [];
    for (const change of ordered) {
      const target = byVersion.get(change.version);
      if (!target)
        throw new Error(`a status change names v${change.version}, which ${versions[0]?.name} lacks`);
      await trx
        .updateTable('models')
        .set({ status: change.to, status_reason: change.reason, updated_at: context.at })
        .where('id', '=', target.id)
        .execute();
      const row = {
        model_id: target.id,
        name: target.name,
        version: target.version,
        from_status: target.id === createdId ? null : target.status,
        to_status: change.to,
        reason: change.reason,
        actor: context.actor,
        at: context.at,
      };
      const inserted = await trx
        .insertInto('model_events')
        .values(row)
        .returning('seq')
        .executeTakeFirstOrThrow();
      events.push(toEvent({ ...row, seq: num(inserted.seq) }));
    }
    return events;
  }

  return {
    register(model, decide, context) {
      return underNameLock(model.name, async (trx) => {
        const last = await trx
          .selectFrom('models')
          .select((eb) => eb.fn.max('version').as('v'))
          .where('name', '=', model.name)
          .executeTakeFirst();
        const version = (last?.v === null || last?.v === undefined ? 0 : num(last.v)) + 1;
        const artifact = JSON.stringify(model.artifact);
        await trx
          .insertInto('models')
          .values({
            id: model.id,
            name: model.name,
            version,
            status: 'candidate',
            status_reason: 'registered',
            model_type: model.modelType,
            window_from: model.dataWindow.from,
            window_to: model.dataWindow.to,
            window_as_of: model.dataWindow.asOf,
            features: JSON.stringify(model.features),
            preprocessing: JSON.stringify(model.preprocessing ?? null),
            seed: JSON.stringify(model.seed),
            params: JSON.stringify(model.params),
            metrics: JSON.stringify(model.metrics),
            primary_metric: model.primaryMetric.name,
            higher_is_better: model.primaryMetric.higherIsBetter ? 1 : 0,
            training_seconds: model.trainingSeconds,
            code_version: model.codeVersion,
            artifact,
            artifact_bytes: Buffer.byteLength(artifact),
            evaluation: model.evaluation === undefined ? null : JSON.stringify(model.evaluation),
            created_at: model.createdAt,
            updated_at: model.createdAt,
          })
          .execute();
        const versions = await headers(trx, model.name);
        const created = versions.find((v) => v.id === model.id);
        if (!created) throw new Error(`model ${model.id} vanished within its transaction`);
        const changes = decide(created, versions);
        if (!changes.some((c) => c.version === version))
          throw new Error('a registration decides the new version’s status');
        const events = await apply(trx, versions, changes, context, model.id);
        const row = await metadata(trx).where('id', '=', model.id).executeTakeFirstOrThrow();
        return { model: toVersion(row), events };
      });
    },
    transition(name, decide, context) {
      return underNameLock(name, async (trx) => {
        const versions = await headers(trx, name);
        return apply(trx, versions, decide(versions), context, null);
      });
    },
    async get(id) {
      const row = await metadata(db).where('id', '=', id).executeTakeFirst();
      return row ? toVersion(row) : null;
    },
    async getVersion(name, version) {
      const row = await metadata(db)
        .where('name', '=', name)
        .where('version', '=', version)
        .executeTakeFirst();
      return row ? toVersion(row) : null;
    },
    async active(name) {
      const row = await metadata(db)
        .where('name', '=', name)
        .where('status', '=', 'active')
        .executeTakeFirst();
      return row ? toVersion(row) : null;
    },
    async artifact(id) {
      const row = await db.selectFrom('models').select('artifact').where('id', '=', id).executeTakeFirst();
      return row ? fromJson<unknown>(row.artifact, null) : undefined;
    },
    async list() {
      const rows = await db.selectFrom('models').select(HEADER).orderBy('name').orderBy('version').execute();
      return rows.map(toHeader);
    },
    async history(name, version) {
      let query = db.selectFrom('model_events').selectAll().where('name', '=', name);
      if (version !== undefined) query = query.where('version', '=', version);
      return (await query.orderBy('seq').execute()).map(toEvent);
    },
  };
}
