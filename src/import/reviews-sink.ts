import type { ReviewRecord } from '../commerce/ports.js';
import { analyzeReview } from '../text/index.js';
import type { CustomerRef } from './customer-directory.js';
import { hashId } from '../shared/index.js';
import { createKeyedSink } from './keyed-sink.js';
import type { RowSink, SinkContext } from './sink.js';

export const reviewFields = ['id', 'user_id', 'product_id', 'rating', 'title', 'body', 'created_at'] as const;

interface ReviewDraft {
  userId: string | null;
  review: ReviewRecord;
}

/** A review without an id of its own gets one from who reviewed what when. */
export function reviewIdFor(userId: string | null, productId: string | null, createdAt: number): string {
  return `rev_${hashId(JSON.stringify([userId, productId, createdAt]))}`;
}

/** Reviews: `body` required, and `id` unless user_id or product_id and created_at can derive it. */
export function createReviewsSink(ctx: SinkContext): RowSink {
  const { reviews } = ctx.deps.stores;
  return createKeyedSink<ReviewDraft>({
    batchSize: ctx.batchSize,
    build(_row, r) {
      const ownId = r.id('id', false);
      const userId = r.id('user_id', false);
      const productId = r.id('product_id', false);
      const rating = r.number('rating', { min: 1, max: 5 });
      const title = r.text('title');
      const body = r.text('body', true);
      const time = r.time('created_at', false);
      if (r.issue || body === null) return null;
      if (ownId === null && (time === null || (userId === null && productId === null))) {
        return r.fail(
          'missing_field',
          'id is required (or user_id or product_id, and created_at, to derive one)',
        );
      }
      const createdAt = time ?? ctx.fallbackTime;
      const id = ownId ?? reviewIdFor(userId, productId, createdAt);
      return {
        userId,
        review: { id, customerId: null, productId, rating, title, body, createdAt, source: ctx.source },
      };
    },
    key: (d) => d.review.id,
    async write(drafts) {
      const refs = new Map<string, CustomerRef>();
      for (const d of drafts)
        if (d.userId !== null && !refs.has(d.userId))
          refs.set(d.userId, { traits: {}, at: d.review.createdAt });
      const ids = await ctx.customers.ensure(refs);
      return reviews.upsert(
        drafts.map((d) => ({
          ...d.review,
          customerId: d.userId === null ? null : (ids.get(d.userId) ?? null),
          // Analysed once here, so that rebuilds and product aspects read it instead of analysing it again.
          analysis: analyzeReview(d.review.title, d.review.body),
        })),
      );
    },
    details: () => ({ customersCreated: ctx.customers.created }),
  });
}
