import { emailLookupHash, splitPii } from '../privacy/index.js';
import type { CustomerRecord, IdentityLink } from '../profiles/ports.js';
import { createKeyedSink } from './keyed-sink.js';
import { setOwn } from './safe-json.js';
import type { RowSink, SinkContext } from './sink.js';

export const customerFields = [
  'user_id',
  'email',
  'phone',
  'first_name',
  'last_name',
  'name',
  'address',
  'city',
  'country',
  'birthday',
  'created_at',
] as const;

/** Canonical fields that become traits (PII among them is split off by `splitPii`). */
const traitFields = customerFields.filter((f) => f !== 'user_id' && f !== 'created_at');

interface CustomerDraft {
  userId: string;
  traits: Record<string, unknown>;
  createdAt: number;
}

/**
 * Customers: `user_id` required. Email, phone, names, address and birthday (and PII-named extra columns) are
 * sealed into `pii`; the rest are traits. The email lookup hash is taken from the normalized email.
 */
export function createCustomersSink(ctx: SinkContext): RowSink {
  const { cipher, clock, stores } = ctx.deps;
  return createKeyedSink<CustomerDraft>({
    batchSize: ctx.batchSize,
    build({ extras }, r) {
      const userId = r.id('user_id', true);
      const createdAt = r.time('created_at', false) ?? ctx.fallbackTime;
      const traits: Record<string, unknown> = {};
      for (const field of traitFields) {
        const value = r.text(field);
        if (value !== null) traits[field] = value;
      }
      for (const [key, value] of Object.entries(extras))
        if (!Object.hasOwn(traits, key)) setOwn(traits, key, value);
      if (r.issue || userId === null) return null;
      return { userId, traits, createdAt };
    },
    key: (d) => d.userId,
    async write(drafts) {
      const ids = await ctx.customers.resolve(drafts.map((d) => d.userId));
      const now = clock.now();
      const records: CustomerRecord[] = [];
      const links: IdentityLink[] = [];
      for (const d of drafts) {
        const id = ids.get(d.userId) as string;
        const { clean, pii, email } = splitPii(d.traits);
        const emailHash = email === null || email.trim() === '' ? null : emailLookupHash(cipher, email);
        records.push({
          id,
          externalId: d.userId,
          traits: clean,
          pii: pii ? cipher.sealJson(pii) : null,
          piiDigest: pii ? cipher.hash(`pii:${JSON.stringify(pii)}`) : null,
          emailHash,
          createdAt: d.createdAt,
          updatedAt: now,
        });
        links.push({ customerId: id, kind: 'user_id', value: d.userId, createdAt: d.createdAt });
        if (emailHash !== null)
          links.push({ customerId: id, kind: 'email_hash', value: emailHash, createdAt: d.createdAt });
      }
      const result = await stores.customers.upsert(records);
      await stores.customers.link(links);
      return result;
    },
  });
}
