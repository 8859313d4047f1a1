import type { Clock } from '../shared/index.js';
import type { CustomerRecord, CustomerStore, IdentityLink } from '../profiles/ports.js';
import { customerIdFor } from '../shared/index.js';
import { createBoundedMap } from './bounded-map.js';

export interface CustomerRef {
  /** Traits for a customer created from this reference (never PII). */
  traits: Record<string, unknown>;
  /** Data time of the first reference: the created customer's `createdAt`. */
  at: number;
}

/** Maps the shop's user ids to Rapport customer ids, creating customers that do not exist yet. */
export interface CustomerDirectory {
  /** Customer ids of these user ids, as stored (an existing identity link wins over the derived id). */
  resolve(userIds: Iterable<string>): Promise<Map<string, string>>;
  /** Like `resolve`, and creates (with only the ref's traits) and links the customers that are missing. */
  ensure(refs: ReadonlyMap<string, CustomerRef>): Promise<Map<string, string>>;
  /** Customers this directory created. */
  readonly created: number;
}

export function createCustomerDirectory(
  store: CustomerStore,
  clock: Clock,
  cacheSize = 100_000,
): CustomerDirectory {
  /** user id → customer id, for customers known to exist and to be linked. */
  const known = createBoundedMap<string, string>(cacheSize);
  let created = 0;

  /**
   * Looks up what the cache does not know. A user id already linked wins (identity resolution may have merged
   * it into another customer); `checkDerived` also finds a customer stored under the derived id without a link,
   * which only matters when the caller would otherwise create it.
   */
  const lookup = async (userIds: Iterable<string>, checkDerived: boolean) => {
    const ids = new Map<string, string>();
    const missing: string[] = [];
    const links: IdentityLink[] = [];
    for (const userId of new Set(userIds)) {
      const cached = known.get(userId);
      if (cached !== undefined) {
        ids.set(userId, cached);
        continue;
      }
      const linked = await store.findByIdentity('user_id', userId);
      if (linked) {
        ids.set(userId, linked.id);
        known.set(userId, linked.id);
        continue;
      }
      const unlinked = checkDerived ? await store.get(customerIdFor(userId)) : null;
      if (unlinked) {
        ids.set(userId, unlinked.id);
        known.set(userId, unlinked.id);
        links.push({
          customerId: unlinked.id,
          kind: 'user_id',
          value: userId,
          createdAt: unlinked.createdAt,
        });
      } else missing.push(userId);
    }
    if (links.length > 0) await store.link(links);
    return { ids, missing };
  };

  return {
    async resolve(userIds) {
      const { ids, missing } = await lookup(userIds, false);
      for (const userId of missing) ids.set(userId, customerIdFor(userId));
      return ids;
    },
    async ensure(refs) {
      const { ids, missing } = await lookup(refs.keys(), true);
      if (missing.length === 0) return ids;
      const records: CustomerRecord[] = [];
      const links: IdentityLink[] = [];
      const now = clock.now();
      for (const userId of missing) {
        const ref = refs.get(userId);
        const id = customerIdFor(userId);
        const at = ref?.at ?? now;
        records.push({
          id,
          externalId: userId,
          traits: ref?.traits ?? {},
          pii: null,
          emailHash: null,
          createdAt: at,
          updatedAt: now,
        });
        links.push({ customerId: id, kind: 'user_id', value: userId, createdAt: at });
        ids.set(userId, id);
      }
      const { inserted } = await store.upsert(records);
      await store.link(links);
      created += inserted;
      for (const userId of missing) known.set(userId, customerIdFor(userId));
      return ids;
    },
    get created() {
      return created;
    },
  };
}
