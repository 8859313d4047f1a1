import type { QualityReportSource, RecentEventRow } from '../prep/ports.js';
import type { FieldCipher } from '../privacy/index.js';
import type { Stores } from './open-stores.js';

const PAGE = 5_000;

function parseObject(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text);
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/**
 * The data-quality report's reads over the stores: existing store methods where they fit (customers from the
 * profile source, products, recent events, the duplicates counter), the narrow scans of `stores.quality` for the
 * rest. Customer PII is opened here so the checks can validate it; the report only ever shows it masked.
 */
export function createQualityReportSource(stores: Stores, cipher: FieldCipher): QualityReportSource {
  return {
    settle: () => stores.events.settle(),

    async *customers() {
      for await (const page of stores.profileSource.customers()) {
        yield page.map((c) => ({
          id: c.id,
          traits: parseObject(c.traits),
          pii: c.pii === null ? null : cipher.openJson<Record<string, unknown>>(c.pii),
        }));
      }
    },

    async *products() {
      let afterId: string | undefined;
      for (;;) {
        const page = await stores.products.list({
          limit: PAGE,
          ...(afterId === undefined ? {} : { afterId }),
        });
        if (page.length === 0) return;
        yield page;
        if (page.length < PAGE) return;
        afterId = page[page.length - 1]?.id;
      }
    },

    orderLines: () => stores.quality.orderLines(),
    eventTimings: () => stores.quality.eventTimings(),
    earliestRecord: () => stores.quality.earliestRecord(),

    async recentEvents(limit) {
      const out: RecentEventRow[] = [];
      let afterSeq: number | undefined;
      while (out.length < limit) {
        const want = Math.min(PAGE, limit - out.length);
        const page = await stores.events.list({
          order: 'desc',
          limit: want,
          ...(afterSeq === undefined ? {} : { afterSeq }),
        });
        for (const e of page)
          out.push({
            id: e.id,
            messageId: e.messageId,
            type: e.type,
            event: e.event,
            userId: e.userId,
            anonymousId: e.anonymousId,
            timestamp: e.timestamp,
            properties: e.properties,
            receivedAt: e.receivedAt,
            source: e.source,
          });
        if (page.length < want) break;
        afterSeq = page[page.length - 1]?.seq;
      }
      return out;
    },

    duplicatesDropped: async () =>
      stores.events.duplicatesDropped ? stores.events.duplicatesDropped() : null,
  };
}
