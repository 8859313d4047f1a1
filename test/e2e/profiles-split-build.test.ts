import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEvent } from '../../src/adapters/stores.contract.js';
import { createSqliteShardedBuild } from '../../src/adapters/sqlite/sqlite-sharded-build.js';
import { loadConfig } from '../../src/config/index.js';
import type { ProfileRecord } from '../../src/profiles/index.js';
import { createLogger, createRuntime, type Runtime } from '../../src/server/index.js';
import { loadDemoShop } from './helpers/cli.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-split-build-'));
// The demo's history ends on 2026-10-31; features and windows are computed as of the next day.
const asOf = Date.parse('2026-11-01T00:00:00.000Z');

async function open(threads: number): Promise<Runtime> {
  const config = loadConfig({
    RAPPORT_DATA_DIR: dataDir,
    RAPPORT_LOG_LEVEL: 'silent',
    RAPPORT_PROFILES_LIVE: 'false',
    RAPPORT_PROFILES_BUILD_THREADS: String(threads),
  });
  return createRuntime(config, createLogger('silent'));
}

async function allProfiles(runtime: Runtime): Promise<ProfileRecord[]> {
  const out: ProfileRecord[] = [];
  for (;;) {
    const after = out.at(-1)?.customerId;
    const page = await runtime.profiles.list({ limit: 500, ...(after ? { afterId: after } : {}) });
    out.push(...page);
    if (page.length < 500) return out;
  }
}

/**
 * Everything a build stores about a profile except when it was written, with its PII opened (sealing draws a fresh
 * nonce every time).
 */
const comparable = (runtime: Runtime, p: ProfileRecord) => {
  const { builtAt: _builtAt, updatedAt: _updatedAt, pii, ...rest } = p;
  return { ...rest, pii: pii === null ? null : runtime.cipher.openJson<Record<string, unknown>>(pii) };
};

/** The identities and merges stored for each profile. */
const graphOf = (runtime: Runtime, profiles: readonly { customerId: string }[]) =>
  Promise.all(
    profiles.map(async (p) => ({
      identities: (await runtime.stores.customers.identitiesOf(p.customerId)).map(
        ({ kind, value, createdAt }) => ({ kind, value, createdAt }),
      ),
      merges: (await runtime.profiles.merges(p.customerId)).map(
        ({ keptCustomerId, mergedCustomerId, reason, evidenceAt, messageId }) => ({
          keptCustomerId,
          mergedCustomerId,
          reason,
          evidenceAt,
          messageId,
        }),
      ),
    })),
  );

describe('a full rebuild split over threads', () => {
  let customers: string[] = [];

  beforeAll(async () => {
    const demo = loadDemoShop(dataDir, 150, 60);
    expect(demo.code, demo.stderr).toBe(0);
    // Consent choices carried by events, for customers in different parts.
    const runtime = await open(1);
    try {
      const first = await runtime.profiles.list({ limit: 40 });
      customers = first.map((p) => p.userId).filter((u): u is string => u !== null);
      expect(customers.length).toBeGreaterThan(10);
      await runtime.stores.events.append(
        customers.map((userId, i) =>
          makeEvent({
            userId,
            timestamp: asOf - 3_600_000 + i,
            receivedAt: asOf - 3_600_000 + i,
            context: {
              consent: {
                categoryPreferences: { marketing_email: i % 2 === 0, personalization: i % 3 !== 0 },
              },
            },
          }),
        ),
      );
      // Sign-ups known only from identify calls: their profiles' PII is resealed from the event's.
      await runtime.stores.events.append(
        Array.from({ length: 12 }, (_, i) =>
          makeEvent({
            type: 'identify',
            event: null,
            userId: `signup-${i}`,
            anonymousId: `anon-signup-${i}`,
            timestamp: asOf - 7_200_000 + i,
            receivedAt: asOf - 7_200_000 + i,
            traits: { plan: i % 2 ? 'pro' : 'free' },
            pii: runtime.cipher.sealJson({
              traits: { email: `signup-${i}@example.com`, name: `Signup ${i}` },
            }),
          }),
        ),
      );
      await runtime.stores.events.settle();
    } finally {
      await runtime.close();
    }
  });

  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('stores exactly what the build on one thread stores', async () => {
    const one = await open(1);
    let single: Awaited<ReturnType<Runtime['profiles']['build']>>;
    let singleProfiles: ReturnType<typeof comparable>[];
    let singleConsent: unknown[];
    let singleGraph: unknown[];
    try {
      single = await one.profiles.build({ asOf });
      expect(single.parts).toBe(1);
      singleProfiles = (await allProfiles(one)).map((p) => comparable(one, p));
      singleConsent = await Promise.all(singleProfiles.map((p) => one.stores.consents.current(p.customerId)));
      singleGraph = await graphOf(one, singleProfiles);
    } finally {
      await one.close();
    }

    const split = await open(3);
    try {
      const stages = new Map<string, number>();
      const order: string[] = [];
      const summary = await split.profiles.build({
        asOf,
        onProgress: (stage, done) => {
          stages.set(stage, Math.max(stages.get(stage) ?? 0, done));
          if (order.at(-1) !== stage) order.push(stage);
        },
      });
      // Each stage once, in order, whatever the parts interleave.
      expect(order).toEqual([
        'identities',
        'customers',
        'events',
        'orders',
        'reviews',
        'conversations',
        'profiles',
      ]);
      expect(summary.parts).toBe(3);
      const { seconds: _a, consentChanges: _b, parts: _p, ...same } = single;
      const { seconds: _c, consentChanges, parts: _q, ...splitSame } = summary;
      expect(splitSame).toEqual(same);
      // The single build recorded the choices; the same choices again change nothing.
      expect(single.consentChanges).toBeGreaterThan(0);
      expect(consentChanges).toBe(0);
      expect(stages.get('events')).toBe(single.events);
      expect(stages.get('profiles')).toBe(single.profiles);

      const profiles = (await allProfiles(split)).map((p) => comparable(split, p));
      expect(profiles.length).toBe(single.profiles);
      expect(profiles).toEqual(singleProfiles);
      expect(profiles.filter((p) => p.rfm !== null).length).toBeGreaterThan(20);
      // PII resealed by the parts from identify calls opens to the same traits.
      const signup = profiles.find((p) => p.userId === 'signup-3');
      expect(signup?.pii).toEqual({ email: 'signup-3@example.com', name: 'Signup 3' });
      expect(await graphOf(split, profiles)).toEqual(singleGraph);
      const consent = await Promise.all(profiles.map((p) => split.stores.consents.current(p.customerId)));
      expect(consent).toEqual(singleConsent);
      expect(consent.flat().length).toBeGreaterThanOrEqual(customers.length * 2);
    } finally {
      await split.close();
    }
  });

  it('stops every part and fails with the reason when writing on this thread fails', async () => {
    const runtime = await open(2);
    try {
      const failing = runtime.profiles.build({
        asOf,
        onProgress: (stage) => {
          if (stage === 'profiles') throw new Error('progress display broke');
        },
      });
      await expect(failing).rejects.toThrow('progress display broke');
      // The parts are gone and the store is usable: a build after it succeeds.
      const again = await runtime.profiles.build({ asOf });
      expect(again.profiles).toBeGreaterThan(100);
    } finally {
      await runtime.close();
    }
  });

  it('fails with the reason when a part fails', async () => {
    // A part that can't open its database: the owner hears of it and fails (nothing is written before every part
    // has replayed, and the build's clean-up runs only after success).
    const bad = createSqliteShardedBuild({
      db: null as never,
      connection: null as never,
      file: path.join(dataDir, 'missing', 'rapport.db'),
      secretKey: Buffer.alloc(32),
      parts: 2,
    });
    const plan = {
      asOf,
      identities: { customerOf: new Map<string, string>(), userIdOf: new Map<string, string>() },
      customers: [],
      computedTraits: [],
    };
    await expect(
      bad.run(plan, { progress: () => {}, score: () => Promise.resolve({ builtAt: asOf, rfm: new Map() }) }),
    ).rejects.toThrow(/profile-shard-worker.*(directory does not exist|unable to open)/);

    // The identity stage failing while the threads start: the same error, the threads stopped.
    const good = createSqliteShardedBuild({
      db: null as never,
      connection: null as never,
      file: path.join(dataDir, 'rapport.db'),
      secretKey: Buffer.alloc(32),
      parts: 2,
    });
    await expect(
      good.run(Promise.reject(new Error('identity stage failed')), {
        progress: () => {},
        score: () => Promise.resolve({ builtAt: asOf, rfm: new Map() }),
      }),
    ).rejects.toThrow('identity stage failed');
  });
});
