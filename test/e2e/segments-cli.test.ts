import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateSegmentFixture,
  referenceMembers,
  seedSegmentFixture,
  type SegmentFixture,
} from '../../src/adapters/segment-fixture/test-kit.js';
import { migrateToLatest, openSqlite } from '../../src/adapters/index.js';
import { loadConfig } from '../../src/config/index.js';
import { defaultConsentPolicy, parseSegmentRule } from '../../src/profiles/index.js';
import { runRapport } from './helpers/cli.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-segments-cli-'));

function rapport(args: string[]) {
  return runRapport(dataDir, args);
}

function file(name: string, content: unknown): string {
  const target = path.join(dataDir, name);
  fs.writeFileSync(target, typeof content === 'string' ? content : JSON.stringify(content));
  return target;
}

const gold = { trait: 'plan', op: 'eq', value: 'gold' };

describe('rapport segments', () => {
  let fixture: SegmentFixture;
  const expected = (rule: unknown) => {
    const parsed = parseSegmentRule(rule, null);
    if (!parsed.ok) throw new Error('invalid test rule');
    return referenceMembers(fixture, parsed.rule, defaultConsentPolicy);
  };

  beforeAll(async () => {
    const config = loadConfig({ RAPPORT_DATA_DIR: dataDir });
    if (config.database.kind !== 'sqlite') throw new Error('expected the embedded database');
    const db = openSqlite({ file: config.database.file, synchronous: 'normal' });
    await migrateToLatest(db, 'sqlite');
    fixture = generateSegmentFixture({ seed: 'segments-cli', customers: 80 });
    await seedSegmentFixture(db, fixture);
    await db.destroy();
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('every subcommand has --help and --json', () => {
    for (const command of [
      ['segments'],
      ...['create', 'preview', 'list', 'refresh'].map((c) => ['segments', c]),
    ]) {
      const r = rapport([...command, '--help']);
      expect(r.code, command.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/Usage: rapport segments/);
      if (command.length > 1) expect(r.stdout, command.join(' ')).toMatch(/--json/);
    }
  });

  it('creates from a definition file or a bare rule with --name; --json prints only JSON', () => {
    const created = rapport([
      'segments',
      'create',
      '--file',
      file('gold.json', { name: 'Gold', description: 'gold plan', rule: gold }),
      '--json',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const { segment } = JSON.parse(created.stdout);
    expect(segment).toMatchObject({
      name: 'Gold',
      kind: 'rule',
      memberCount: expected(gold).length,
      rule: gold,
    });
    expect(expected(gold).length).toBeGreaterThan(0);

    const bare = file('pro.json', { trait: 'plan', op: 'eq', value: 'pro' });
    const unnamed = rapport(['segments', 'create', '--file', bare]);
    expect(unnamed.code).toBe(1);
    expect(unnamed.stderr.trim().split('\n')).toHaveLength(1);
    expect(unnamed.stderr).toMatch(/^rapport: error \[invalid_segment_file\] .*--name/);
    const named = rapport(['segments', 'create', '--file', bare, '--name', 'Pro']);
    expect(named.code).toBe(0);
    expect(named.stdout).toMatch(/^created seg_\S+ "Pro": \d+ members/);
  });

  it('previews with a count and a sample', () => {
    const rule = { not: { trait: 'country', op: 'in', value: ['DE', 'FR'] } };
    const r = rapport([
      'segments',
      'preview',
      '--file',
      file('preview.json', rule),
      '--limit',
      '3',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const want = expected(rule);
    expect(JSON.parse(r.stdout)).toEqual({ count: want.length, sample: want.slice(0, 3) });
    const human = rapport(['segments', 'preview', '--file', file('preview.json', rule)]);
    expect(human.stdout).toMatch(new RegExp(`^${want.length} profiles match\\n`));
  });

  it('lists and refreshes one or all segments', () => {
    const list = JSON.parse(rapport(['segments', 'list', '--json']).stdout).segments as {
      id: string;
      name: string;
    }[];
    expect(list.map((s) => s.name)).toEqual(['Gold', 'Pro']);
    const all = rapport(['segments', 'refresh', '--json']);
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout).refreshed).toEqual([
      { id: list[0]?.id, name: 'Gold', added: 0, removed: 0, size: expected(gold).length },
      expect.objectContaining({ name: 'Pro', added: 0, removed: 0 }),
    ]);
    const one = rapport(['segments', 'refresh', list[1]?.id ?? '']);
    expect(one.stdout).toMatch(/Pro/);
    expect(rapport(['segments', 'list']).stdout).toMatch(/^id\s+name\s+kind\s+members\s+refreshed/);
  });

  it('fails with one line and a non-zero exit on bad input', () => {
    const invalid = rapport([
      'segments',
      'preview',
      '--file',
      file('bad.json', { all: [{ trait: 'x;drop', op: 'eq', value: 1 }] }),
      '--json',
    ]);
    expect(invalid.code).toBe(1);
    expect(JSON.parse(invalid.stdout).error).toMatchObject({
      code: 'invalid_segment_rule',
      details: { problems: [{ path: '/all/0/trait' }] },
    });
    const missing = rapport(['segments', 'create', '--file', path.join(dataDir, 'nope.json')]);
    expect([missing.code, missing.stderr]).toEqual([
      1,
      expect.stringMatching(/^rapport: error \[invalid_segment_file\]/),
    ]);
    const notJson = rapport(['segments', 'preview', '--file', file('text.json', '{ nope')]);
    expect(notJson.stderr).toMatch(/invalid_segment_file/);
    const unknown = rapport(['segments', 'refresh', 'seg_unknown']);
    expect([unknown.code, unknown.stderr.trim()]).toEqual([
      1,
      'rapport: error [segment_not_found] No segment seg_unknown.',
    ]);
  });
});
