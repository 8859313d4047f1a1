import type { ProductRecord } from '../commerce/ports.js';
import { createKeyedSink } from './keyed-sink.js';
import type { RowSink, SinkContext } from './sink.js';

export const productFields = [
  'id',
  'name',
  'description',
  'category',
  'price',
  'currency',
  'stock',
  'created_at',
] as const;

/** Products: `id` required; unmapped columns become attributes. */
export function createProductsSink(ctx: SinkContext): RowSink {
  const { products } = ctx.deps.stores;
  return createKeyedSink<ProductRecord>({
    batchSize: ctx.batchSize,
    build({ extras }, r) {
      const id = r.id('id', true);
      const name = r.text('name');
      const description = r.text('description');
      const category = r.text('category');
      const price = r.number('price');
      const currency = r.text('currency');
      const stock = r.number('stock', { integer: true });
      const createdAt = r.time('created_at', false) ?? ctx.fallbackTime;
      if (r.issue || id === null) return null;
      return {
        id,
        name,
        description,
        category,
        price,
        currency,
        stock,
        attributes: extras,
        createdAt,
        updatedAt: ctx.deps.clock.now(),
      };
    },
    key: (p) => p.id,
    write: (records) => products.upsert(records),
  });
}
