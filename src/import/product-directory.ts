import type { ProductRecord, ProductStore } from '../commerce/ports.js';
import type { Clock } from '../shared/index.js';
import { createBoundedMap } from './bounded-map.js';

export interface ProductRef {
  name: string | null;
  /** Data time of the first reference: the created product's `createdAt`. */
  at: number;
}

/** Creates the products that orders reference and the store lacks; never changes an existing product. */
export interface ProductDirectory {
  ensure(refs: ReadonlyMap<string, ProductRef>): Promise<void>;
  readonly created: number;
}

export function createProductDirectory(
  store: ProductStore,
  clock: Clock,
  cacheSize = 100_000,
): ProductDirectory {
  const known = createBoundedMap<string, true>(cacheSize);
  let created = 0;
  return {
    async ensure(refs) {
      const now = clock.now();
      const records: ProductRecord[] = [];
      for (const [id, ref] of refs) {
        if (known.get(id)) continue;
        records.push({
          id,
          name: ref.name,
          description: null,
          category: null,
          price: null,
          currency: null,
          stock: null,
          attributes: {},
          createdAt: ref.at,
          updatedAt: now,
        });
      }
      if (records.length === 0) return;
      const { inserted } = await store.upsert(records, { onConflict: 'keep' });
      created += inserted;
      for (const r of records) known.set(r.id, true);
    },
    get created() {
      return created;
    },
  };
}
