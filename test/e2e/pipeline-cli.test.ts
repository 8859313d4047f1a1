import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRapport } from './helpers/cli.js';
import { DEMO_END_DATE } from '../../src/cli/commands/demo.js';
import { generateShop } from '../../src/demo/index.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-pipeline-cli-'));

function rapport(args: string[]) {
  return runRapport(dataDir, args, { RAPPORT_LOG_LEVEL: 'warn' });
}

interface Report {
  ok: boolean;
  stages: {
    stage: string;
    status: string;
    reason?: string;
    jobs?: { job: string; status: string; details: Record<string, unknown> }[];
  }[];
  changed: { profiles: boolean; registered: string[]; promoted: string[] };
  data: { digest: string };
}

describe('rapport pipeline run on a small demo shop', () => {
  let first: Report;
  beforeAll(() => {
    const demo = rapport([
      'demo',
      '--no-serve',
      '--no-models',
      '--json',
      '--customers',
      '400',
      '--days',
      '200',
    ]);
    expect(demo.code, demo.stderr).toBe(0);
    const run = rapport(['pipeline', 'run', '--json']);
    expect(run.code, run.stderr).toBe(0);
    first = JSON.parse(run.stdout) as Report;
  }, 180_000);
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('has --help for the group and the command', () => {
    for (const args of [['pipeline'], ['pipeline', 'run']]) {
      const r = rapport([...args, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Usage: rapport pipeline/);
    }
    expect(rapport(['pipeline', 'run', '--help']).stdout).toMatch(
      /--as-of <date>[\s\S]*--force[\s\S]*--json/,
    );
  });

  it('runs every stage green and registers the six models', () => {
    expect(first.ok).toBe(true);
    expect(first.stages.map((s) => [s.stage, s.status])).toEqual([
      ['prepare', 'ok'],
      ['enrich', 'ok'],
      ['profiles', 'ok'],
      ['train', 'ok'],
      ['evaluate', 'ok'],
      ['promote', 'ok'],
    ]);
    expect(first.changed.registered).toEqual([
      'support_intent@1',
      'propensity_30d@1',
      'churn_60d@1',
      'clv_90d@1',
      'recommendations@1',
      'review_sentiment@1',
    ]);
    // The support-intent model learned from the agents' tags and, once live, labelled the conversations.
    // It ran before the profiles were built, so they hold its intents (the agents' tags first).
    const step = first.stages
      .find((s) => s.stage === 'enrich')
      ?.jobs?.find((j) => j.job === 'support_intent');
    const details = step?.details as { train: Record<string, number>; promote: Record<string, unknown> };
    expect(details.train.labelled).toBeGreaterThanOrEqual(50);
    expect(details.promote).toMatchObject({
      promoted: true,
      afterRegistration: { changed: true, conversationsLabelled: details.train.conversations },
    });
  });

  it('puts the intents it read of untagged conversations into the profiles built in the same run', () => {
    const shop = generateShop({
      customers: 400,
      days: 200,
      seed: 42,
      endDate: Date.parse(`${DEMO_END_DATE}T23:59:59.999Z`),
    });
    const tagged = new Set(shop.conversations.filter((c) => c.topic !== undefined).map((c) => c.user_id));
    const untaggedOnly = [
      ...new Set(shop.conversations.filter((c) => !tagged.has(c.user_id)).map((c) => c.user_id)),
    ].slice(0, 5);
    expect(untaggedOnly.length).toBeGreaterThanOrEqual(3);
    const read = untaggedOnly.filter((userId) => {
      const show = rapport(['profiles', 'show', userId, '--json']);
      expect(show.code, show.stderr).toBe(0);
      const features = (JSON.parse(show.stdout) as { features: Record<string, unknown> }).features;
      expect(features.support_contacts).toBeGreaterThan(0);
      return (features.support_intents as string[]).length > 0;
    });
    // Out of scope leaves a conversation without an intent; most read as one.
    expect(read.length).toBeGreaterThanOrEqual(untaggedOnly.length - 1);
  });

  it('a second run promotes nothing, and prints a table saying so', () => {
    const json = rapport(['pipeline', 'run', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const second = JSON.parse(json.stdout) as Report;
    expect(second.data.digest).toBe(first.data.digest);
    expect(second.changed).toEqual({ profiles: false, registered: [], promoted: [] });
    expect(second.stages.find((s) => s.stage === 'train')?.reason).toBe('every model is up to date');

    const human = rapport(['pipeline', 'run']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/^stage +status +seconds +details/);
    expect(human.stdout).toMatch(/ {2}churn_60d +skipped .*up to date: v1 was trained on this data/);
    expect(human.stdout).toMatch(/every stage ok in [\d.]+ s; nothing changed/);
    // Progress goes to stderr, stage by stage, never into stdout.
    expect(human.stderr).toMatch(/pipeline: prepare ok/);
  });

  it('--force retrains, and the registry keeps the identical models as candidates', () => {
    const r = rapport(['pipeline', 'run', '--json', '--force']);
    expect(r.code, r.stderr).toBe(0);
    const forced = JSON.parse(r.stdout) as Report;
    expect(forced.changed.registered).toEqual([
      'support_intent@2',
      'propensity_30d@2',
      'churn_60d@2',
      'clv_90d@2',
      'recommendations@2',
      'review_sentiment@2',
    ]);
    expect(forced.changed.promoted).toEqual([]);
  });

  it('serves the trained recommender on the command line: rapport recommend show and similar', () => {
    // The demo's shop is deterministic: the same options give the same customers and orders.
    const shop = generateShop({
      customers: 400,
      days: 200,
      seed: 42,
      endDate: Date.parse(`${DEMO_END_DATE}T23:59:59.999Z`),
    });
    const line = shop.orderLines.find((l) => l.kind === 'order') as (typeof shop.orderLines)[number];
    const show = rapport(['recommend', 'show', line.user_id, '--k', '5', '--exclude', 'purchased', '--json']);
    expect(show.code, show.stderr).toBe(0);
    const list = JSON.parse(show.stdout);
    expect(list).toMatchObject({ model: { name: 'recommendations', version: 1 }, strategy: 'personalized' });
    expect(list.items).toHaveLength(5);
    const bought = new Set(
      shop.orderLines.filter((l) => l.user_id === line.user_id).map((l) => l.product_id),
    );
    for (const item of list.items) expect(bought.has(item.id)).toBe(false);

    const human = rapport(['recommend', 'show', line.user_id, '--k', '3']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/^# +product +category +price +score +why/);

    const similar = rapport(['recommend', 'similar', line.product_id, '--k', '4', '--json']);
    expect(similar.code, similar.stderr).toBe(0);
    expect(JSON.parse(similar.stdout).items).toHaveLength(4);

    const bad = rapport(['recommend', 'show', line.user_id, '--k', '0', '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ error: { code: 'invalid_query' } });
    const unknown = rapport(['recommend', 'show', 'nobody-here', '--json']);
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ error: { code: 'profile_not_found' } });
    for (const args of [
      ['recommend', 'show'],
      ['recommend', 'similar'],
    ])
      expect(rapport([...args, '--help']).stdout).toMatch(/--json/);
  });

  it.each([
    [['--as-of', 'notadate'], 'invalid_request'],
    [['--as-of', '2026-02-30'], 'invalid_request'],
  ])('refuses %j with one clear line', (args, code) => {
    const r = rapport(['pipeline', 'run', '--json', ...args]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`^rapport: error \\[${code}\\] --as-of must be a date`));
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code } });
  });

  it('exits 1 and names the failed stage on a store with nothing to learn from', () => {
    const r = runRapport(path.join(dataDir, 'empty'), ['pipeline', 'run', '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.ok).toBe(false);
    const train = report.stages.find((s) => s.stage === 'train');
    expect(train?.status).toBe('failed');
    // The recommender has no order lines, the sentiment model no reviews and the intent model no conversations to
    // learn from: they do not apply, which is not a failure.
    expect(train?.jobs?.map((j) => j.status)).toEqual(['failed', 'failed', 'failed', 'skipped', 'skipped']);
    expect(report.stages.find((s) => s.stage === 'enrich')?.status).toBe('skipped');
  });
});
