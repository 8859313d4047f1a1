import type SqliteDatabase from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type {
  BuildStage,
  ConsentDecision,
  ProfileRfm,
  RfmTotals,
  ShardedBuildPlan,
  ShardedProfileBuild,
} from '../../profiles/index.js';
import { openWorkerChannel, type WorkerChannel } from '../../shared/worker-channel.js';
import type { Database } from '../sql/schema.js';
import { exclusive, PUT_PROFILE_SQL } from './sqlite-profile-statements.js';

/** What a part's thread is asked: replay its customers, then write their profiles. */
export type ShardRequest =
  | { kind: 'replay'; plan: ShardedBuildPlan }
  | { kind: 'write'; builtAt: number; rfm: Map<string, ProfileRfm> };

export type ShardReply =
  | { kind: 'replayed'; totals: RfmTotals[]; lastOrderAt: number | null; events: number; orders: number }
  | { kind: 'written'; profiles: number; consent: ConsentDecision[] };

/** Progress of a part, and its profile rows (the upsert's values) for the owner to write. */
export type ShardNotice =
  { kind: 'progress'; stage: BuildStage; done: number } | { kind: 'rows'; rows: unknown[][] };

/** The owner has written one batch of rows. */
export type ShardTell = { kind: 'written' };

export interface ShardWorkerData {
  file: string;
  /** The master key, to turn identify calls' sealed PII into the profile's. */
  secretKey: Uint8Array;
  part: number;
  parts: number;
}

/** The stages of a part's replay, in the order it goes through them. */
const REPLAY_STAGES: readonly BuildStage[] = ['events', 'orders', 'reviews', 'conversations'];

/** Batches of rows a part may have sent before the owner wrote them: it waits beyond that. */
export const ROWS_IN_FLIGHT = 4;

/** The part (0 … parts − 1) a customer's profile is built in: FNV-1a of the customer id. */
export function partOf(customerId: string, parts: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < customerId.length; i++) {
    h ^= customerId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % parts;
}

/**
 * The embedded store's split rebuild: one worker thread per part, each with a read-only connection of its own,
 * replays the events of its customers (the others' are filtered out inside the scan, before their JSON is read),
 * computes their profiles and sends the rows; this thread writes them (SQLite has one writer), 500 per transaction,
 * while the parts go on computing. A part failing fails the build; nothing it did is left half-applied beyond the
 * profiles already written (the caller's clean-up runs only after success).
 */
export function createSqliteShardedBuild(options: {
  db: Kysely<Database>;
  connection: SqliteDatabase.Database;
  file: string;
  secretKey: Buffer;
  parts: number;
}): ShardedProfileBuild {
  const { db, connection, file, parts } = options;
  let put: SqliteDatabase.Statement | null = null;
  const writeRows = (rows: unknown[][]) =>
    exclusive(db, () => {
      put ??= connection.prepare(PUT_PROFILE_SQL);
      const statement = put;
      connection.transaction(() => {
        for (const row of rows) statement.run(row);
      })();
    });

  return {
    parts,
    async run(plan, hooks) {
      // The plan may fail while the threads start; it is awaited once they have.
      const planned = Promise.resolve(plan);
      planned.catch(() => {});
      const channels: WorkerChannel<ShardRequest, ShardReply, ShardTell>[] = [];
      let writing: Promise<void> = Promise.resolve();
      let written = 0;
      /** The first failure on this thread (a write, a progress callback): it stops every part. */
      let failure: unknown = null;
      const fail = (error: unknown) => {
        failure ??= error;
        void Promise.all(channels.map((c) => c.terminate()));
      };
      // Progress goes forward only: the stage reported is the one the slowest part is in.
      const done = Array.from({ length: parts }, () => new Map<BuildStage, number>());
      const at = Array.from({ length: parts }, () => 0);
      const report = (part: number, stage: BuildStage, n: number) => {
        (done[part] as Map<BuildStage, number>).set(stage, n);
        at[part] = Math.max(at[part] as number, REPLAY_STAGES.indexOf(stage));
        const slowest = REPLAY_STAGES[Math.min(...at)] as BuildStage;
        // Each part reads its own customers' events (they add up), but every order, review and conversation (the
        // slowest part's count is how far the stage has got).
        const counts = done.map((d) => d.get(slowest) ?? 0);
        const total = slowest === 'events' ? counts.reduce((a, b) => a + b, 0) : Math.min(...counts);
        try {
          hooks.progress(slowest, total);
        } catch (error) {
          fail(error);
        }
      };
      const secretKey = new Uint8Array(options.secretKey);
      try {
        for (let part = 0; part < parts; part++) {
          const data: ShardWorkerData = { file, secretKey, part, parts };
          channels.push(
            await openWorkerChannel<ShardRequest, ShardReply, ShardTell, ShardNotice>(
              { callerUrl: import.meta.url, name: 'profile-shard-worker' },
              data,
              (notice) => {
                if (notice.kind === 'progress') {
                  // Profile writes are counted here, as they land.
                  if (notice.stage !== 'profiles') report(part, notice.stage, notice.done);
                  return;
                }
                writing = writing
                  .then(async () => {
                    if (failure !== null) return;
                    await writeRows(notice.rows);
                    written += notice.rows.length;
                    channels[part]?.tell({ kind: 'written' });
                    hooks.progress('profiles', written);
                  })
                  .catch(fail);
              },
            ),
          );
        }
        const ready = await planned;
        const replayed = (
          await Promise.all(channels.map((c) => c.call({ kind: 'replay', plan: ready })))
        ).map((r) => r as Extract<ShardReply, { kind: 'replayed' }>);
        // A failure on this thread while the last replies were on their way: nothing more is stored.
        if (failure !== null) throw failure;
        let lastOrderAt: number | null = null;
        for (const r of replayed)
          if (r.lastOrderAt !== null && (lastOrderAt === null || r.lastOrderAt > lastOrderAt))
            lastOrderAt = r.lastOrderAt;
        const { builtAt, rfm } = await hooks.score(
          replayed.flatMap((r) => r.totals),
          lastOrderAt,
        );
        if (failure !== null) throw failure;
        // Each part gets the scores of its own customers.
        const results = await Promise.all(
          channels.map((c, part) => {
            const own = new Map<string, ProfileRfm>();
            for (const t of (replayed[part] as (typeof replayed)[number]).totals) {
              const score = rfm.get(t.customerId);
              if (score) own.set(t.customerId, score);
            }
            return c.call({ kind: 'write', builtAt, rfm: own });
          }),
        );
        await writing;
        if (failure !== null) throw failure;
        return {
          profiles: written,
          events: replayed.reduce((sum, r) => sum + r.events, 0),
          // Every part reads every order; each counts them all.
          orders: replayed[0]?.orders ?? 0,
          lastOrderAt,
          consent: results.flatMap((r) => (r as Extract<ShardReply, { kind: 'written' }>).consent),
        };
      } catch (error) {
        // Rows still queued are not written, and the other parts may be deep in a replay that answers nothing until
        // it ends: stop them now.
        failure ??= error;
        await Promise.all(channels.map((c) => c.terminate()));
        await writing;
        throw failure;
      } finally {
        await Promise.all(channels.map((c) => c.close()));
      }
    },
  };
}
