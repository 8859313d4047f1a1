import { workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { createFieldCipher } from '../../privacy/index.js';
import {
  accumulateShard,
  builtInFeatures,
  customerIdScheme,
  profilePiiFromEvent,
  rfmTotalsOf,
  toProfileRecord,
  type AccumulatedShard,
  type ProfileRfm,
  type ShardedBuildPlan,
} from '../../profiles/index.js';
import { serveWorkerChannel } from '../../shared/worker-channel.js';
import type { Database } from '../sql/schema.js';
import { createSqlProfileSource } from '../sql/sql-profile-source.js';
import { withStatementCache } from './open-sqlite.js';
import { createSqliteProfileSource } from './sqlite-profile-source.js';
import { profileRowValues } from './sqlite-profile-statements.js';
import {
  partOf,
  ROWS_IN_FLIGHT,
  type ShardNotice,
  type ShardReply,
  type ShardRequest,
  type ShardTell,
  type ShardWorkerData,
} from './sqlite-sharded-build.js';

/**
 * One part of a split profile rebuild (see `createSqliteShardedBuild`): reads through a read-only connection of its
 * own, keeps the accumulators of its customers between the replay and the write, and sends profile rows to the
 * owner, which writes them.
 */
const data = workerData as ShardWorkerData;
const connection = new SqliteDatabase(data.file, { readonly: true, fileMustExist: true });
connection.pragma('cache_size = -65536');
const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(connection) }) });
const source = createSqliteProfileSource(data.file, createSqlProfileSource(db, 'sqlite'));
const features = builtInFeatures();
const piiFromEvent = profilePiiFromEvent(createFieldCipher(Buffer.from(data.secretKey)));
const keeps = (customerId: string) => partOf(customerId, data.parts) === data.part;

let replayed: { shard: AccumulatedShard; plan: ShardedBuildPlan } | null = null;
let unacknowledged = 0;
let acknowledged: (() => void) | null = null;

async function write(builtAt: number, rfm: Map<string, ProfileRfm>): Promise<ShardReply> {
  if (replayed === null) throw new Error('write before replay');
  const { shard, plan } = replayed;
  let batch: unknown[][] = [];
  let sent = 0;
  const send = async () => {
    while (unacknowledged >= ROWS_IN_FLIGHT) await new Promise<void>((resolve) => (acknowledged = resolve));
    unacknowledged++;
    channel.notify({ kind: 'rows', rows: batch });
    sent += batch.length;
    batch = [];
  };
  for (const [id, a] of shard.accs) {
    const record = toProfileRecord(id, a, {
      features,
      computedTraits: plan.computedTraits,
      piiFromEvent,
      asOf: plan.asOf,
      builtAt,
      updatedAt: builtAt,
      rfm: rfm.get(id) ?? null,
    });
    batch.push(profileRowValues(record));
    if (batch.length >= 500) await send();
  }
  if (batch.length > 0) await send();
  const consent = shard.consent;
  replayed = null;
  return { kind: 'written', profiles: sent, consent };
}

const channel = serveWorkerChannel<ShardRequest, ShardReply, ShardTell, ShardNotice>({
  async handle(request) {
    if (request.kind === 'write') return write(request.builtAt, request.rfm);
    const { plan } = request;
    const shard = await accumulateShard(
      { source, settle: async () => {}, computedTraits: plan.computedTraits, scheme: customerIdScheme },
      { asOf: plan.asOf, identities: plan.identities, customers: plan.customers },
      keeps,
      (stage, done) => channel.notify({ kind: 'progress', stage, done }),
    );
    replayed = { shard, plan };
    return {
      kind: 'replayed',
      totals: rfmTotalsOf(shard.accs),
      lastOrderAt: shard.lastOrderAt,
      events: shard.events,
      orders: shard.orders,
    };
  },
  onTell() {
    unacknowledged--;
    const wake = acknowledged;
    acknowledged = null;
    wake?.();
  },
  async onClose() {
    await db.destroy();
  },
});
