import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers/test-app.js';
import type { ConversationRecord } from '../commerce/ports.js';
import type { CustomerRecord, ProfileRecord } from './ports.js';

const DAY = 86_400_000;
const start = Date.parse('2026-03-01T00:00:00.000Z');
const asOf = start + 60 * DAY;

const customer = (userId: string): CustomerRecord => ({
  id: `cus_imp_${userId}`,
  externalId: userId,
  traits: {},
  pii: null,
  emailHash: null,
  createdAt: start,
  updatedAt: start,
});

let n = 0;
const conversation = (
  userId: string,
  day: number,
  topic: string | null,
  body = 'Hello',
): ConversationRecord => ({
  id: `conv_${String(n++).padStart(3, '0')}`,
  customerId: `cus_imp_${userId}`,
  channel: 'chat',
  subject: null,
  status: 'resolved',
  startedAt: start + day * DAY,
  topic,
  messages: [{ seq: 1, role: 'customer', body, createdAt: start + day * DAY }],
});

let t: TestApp;
let profiles: ProfileRecord[];
const profileOf = (userId: string) => profiles.find((p) => p.userId === userId) as ProfileRecord;

beforeAll(async () => {
  t = await createTestApp({ env: { RAPPORT_PROFILES_LIVE: 'false' } });
  await t.runtime.stores.customers.upsert(['refunder', 'asker', 'predicted', 'silent'].map(customer));
  const conversations = [
    conversation('refunder', 1, 'refund'),
    conversation('refunder', 5, 'refund'),
    conversation('refunder', 9, 'order_status'), // the latest labelled one
    conversation('refunder', 70, 'cancel'), // after asOf: left out
    conversation('asker', 3, 'order_status'),
    conversation('asker', 4, null), // no label and no prediction: a contact without an intent
    conversation('predicted', 20, null, 'I want my money back'),
    conversation('predicted', 30, '  '), // a blank label falls back to the prediction
    conversation('predicted', 40, '__proto__'), // an unsafe label is not a key anywhere
  ];
  await t.runtime.stores.conversations.upsert(conversations);
  const model = 'support_intent v1';
  const update = async (c: ConversationRecord, intent: string, confidence: number) => {
    const { version } = (await t.runtime.stores.conversations.get(c.id))!;
    return [c.id, { version: version!, model, intent: { intent, confidence } }] as const;
  };
  await t.runtime.stores.conversations.setIntents(
    new Map([
      await update(conversations[6]!, 'refund', 0.8),
      await update(conversations[7]!, 'damaged_item', 0.6),
      // The label wins over the prediction.
      await update(conversations[0]!, 'cancel', 0.9),
    ]),
  );
  await t.runtime.profiles.build({ asOf });
  profiles = await t.runtime.profiles.list({ limit: 100 });
}, 30_000);

afterAll(async () => {
  await t.close();
});

describe('support conversations in rebuilt profiles', () => {
  it('gives each customer contacts, recency and intents: the help desk label first, else the prediction', () => {
    expect(profileOf('refunder').features).toMatchObject({
      support_contacts: 3,
      support_last_contact_days: 51,
      support_intents: ['refund', 'order_status'],
      support_top_intent: 'refund',
      support_last_intent: 'order_status',
    });
    expect(profileOf('asker').features).toMatchObject({
      support_contacts: 2,
      support_intents: ['order_status'],
      support_top_intent: 'order_status',
      support_last_intent: 'order_status',
    });
    // One each: the tie goes to the more recent (damaged_item, day 30), the unsafe label counts as a contact only.
    expect(profileOf('predicted').features).toMatchObject({
      support_contacts: 3,
      support_intents: ['damaged_item', 'refund'],
      support_top_intent: 'damaged_item',
      support_last_intent: 'damaged_item',
    });
    expect(profileOf('silent').features).toMatchObject({
      support_contacts: 0,
      support_last_contact_days: null,
      support_intents: [],
      support_top_intent: null,
      support_last_intent: null,
    });
  });

  it('registers the features with source text, in the catalog segment rules are checked against', () => {
    const support = t.runtime.profiles.features.definitions().filter((d) => d.name.startsWith('support_'));
    expect(support.map((d) => [d.name, d.type, d.source])).toEqual([
      ['support_contacts', 'number', 'text'],
      ['support_last_contact_days', 'number', 'text'],
      ['support_intents', 'string[]', 'text'],
      ['support_top_intent', 'string', 'text'],
      ['support_last_intent', 'string', 'text'],
    ]);
  });

  it('selects customers by support intent in SQL as the features say', async () => {
    const members = async (rule: unknown) =>
      (await t.runtime.segments.preview(rule, { limit: 100 })).sample.sort();
    const id = (u: string) => profileOf(u).customerId;
    expect(await members({ feature: 'support_intents', op: 'contains', value: 'refund' })).toEqual(
      [id('predicted'), id('refunder')].sort(),
    );
    expect(await members({ feature: 'support_last_intent', op: 'eq', value: 'order_status' })).toEqual(
      [id('asker'), id('refunder')].sort(),
    );
    expect(
      await members({
        all: [
          { feature: 'support_top_intent', op: 'eq', value: 'refund' },
          { feature: 'support_contacts', op: 'gte', value: 3 },
        ],
      }),
    ).toEqual([id('refunder')]);
    await expect(
      t.runtime.segments.preview({ feature: 'support_last_intent', op: 'gt', value: 1 }, { limit: 1 }),
    ).rejects.toThrow(/compares numbers/);
  });

  it('keeps the support features of a profile stored before them through a live update', async () => {
    const before = profileOf('asker');
    const { support: _dropped, ...state } = before.state as Record<string, unknown>;
    await t.runtime.stores.profiles.put([{ ...before, state }]);
    await t.runtime.profiles.update([
      {
        type: 'track',
        event: 'Product Viewed',
        userId: 'asker',
        anonymousId: null,
        previousId: null,
        timestamp: asOf - DAY,
        messageId: 'm-asker-1',
        properties: {},
        traits: {},
        context: {},
        pii: null,
        emailHash: null,
      },
    ]);
    const after = (await t.runtime.profiles.find('asker')) as ProfileRecord;
    expect(after.eventCount).toBe(before.eventCount + 1);
    // Read as none until the next rebuild, never as a crash or garbage.
    expect(after.features).toMatchObject({
      support_contacts: 0,
      support_intents: [],
      support_last_intent: null,
    });
  });
});
