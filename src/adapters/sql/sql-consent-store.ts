import type { Kysely } from 'kysely';
import type { ConsentDecision, ConsentPurpose, ConsentSource } from '../../profiles/consent.js';
import type { ConsentStore } from '../../profiles/ports.js';
import { num } from './json.js';
import type { Database } from './schema.js';

function toDecision(r: {
  customer_id: string;
  purpose: string;
  granted: number;
  source: string;
  at: number;
}): ConsentDecision {
  return {
    customerId: r.customer_id,
    purpose: r.purpose as ConsentPurpose,
    granted: num(r.granted) === 1,
    source: r.source as ConsentSource,
    at: num(r.at),
  };
}

export function createSqlConsentStore(db: Kysely<Database>, now: () => number = Date.now): ConsentStore {
  return {
    async record(decisions) {
      if (decisions.length === 0) return 0;
      return db.transaction().execute(async (trx) => {
        let changed = 0;
        const recordedAt = now();
        for (const d of decisions) {
          const current = await trx
            .selectFrom('consents')
            .selectAll()
            .where('customer_id', '=', d.customerId)
            .where('purpose', '=', d.purpose)
            .executeTakeFirst();
          if (current && num(current.at) > d.at) continue; // a newer choice is on record
          const same = current !== undefined && (num(current.granted) === 1) === d.granted;
          const row = {
            customer_id: d.customerId,
            purpose: d.purpose,
            granted: d.granted ? 1 : 0,
            source: d.source,
            at: d.at,
          };
          await trx
            .insertInto('consents')
            .values(row)
            .onConflict((oc) =>
              oc
                .columns(['customer_id', 'purpose'])
                .doUpdateSet({ granted: row.granted, source: row.source, at: row.at }),
            )
            .execute();
          if (same) continue; // the same choice made again: newer time, no change to record
          await trx
            .insertInto('consent_history')
            .values({ ...row, recorded_at: recordedAt })
            .execute();
          changed++;
        }
        return changed;
      });
    },
    async current(customerId) {
      const rows = await db
        .selectFrom('consents')
        .selectAll()
        .where('customer_id', '=', customerId)
        .orderBy('purpose')
        .execute();
      return rows.map(toDecision);
    },
    async history(customerId, { limit }) {
      const rows = await db
        .selectFrom('consent_history')
        .selectAll()
        .where('customer_id', '=', customerId)
        .orderBy('seq', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ ...toDecision(r), recordedAt: num(r.recorded_at) }));
    },
  };
}
