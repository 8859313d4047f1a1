import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runRapport } from './helpers/cli.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-cli-'));

function rapport(args: string[], env: Record<string, string> = {}) {
  return runRapport(dataDir, args, env);
}

describe('rapport CLI', () => {
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('every command has --help', () => {
    const commands = [
      [],
      ['demo'],
      ['import'],
      ['serve'],
      ['login'],
      ['keys'],
      ['keys', 'create'],
      ['keys', 'list'],
      ['keys', 'revoke'],
      ['migrate'],
    ];
    for (const command of commands) {
      const r = rapport([...command, '--help']);
      expect(r.code, command.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/Usage: rapport/);
      if (command.length > 0 && !(command.length === 1 && command[0] === 'keys'))
        expect(r.stdout, command.join(' ')).toMatch(/--json/);
    }
  });

  it('keys: create prints only JSON on stdout, list never shows secrets, revoke works once', () => {
    const created = rapport(['keys', 'create', '--scope', 'write', '--name', 'ci', '--json']);
    expect(created.code).toBe(0);
    const key = JSON.parse(created.stdout) as { key: string; scope: string; id: string };
    expect(key.scope).toBe('write');
    expect(key.key).toMatch(/^rk_write_/);
    const list = rapport(['keys', 'list', '--json']);
    expect(list.stdout).not.toContain(key.key);
    expect(JSON.parse(list.stdout).keys.map((k: { id: string }) => k.id)).toContain(key.id);
    expect(rapport(['keys', 'revoke', key.id, '--json']).code).toBe(0);
    const again = rapport(['keys', 'revoke', key.id, '--json']);
    expect(again.code).toBe(1);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toMatch(/^rapport: error \[key_not_found\]/);
    expect(JSON.parse(again.stdout).error.code).toBe('key_not_found');
  });

  it('errors print one clear line and exit non-zero', () => {
    const missing = rapport(['import', path.join(dataDir, 'nope.csv'), '--type', 'customers']);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toMatch(
      /^rapport: error \[import_file_not_found\] No such file: .*nope\.csv$/,
    );
    const badScope = rapport(['keys', 'create', '--scope', 'root']);
    expect(badScope.code).not.toBe(0);
    expect(badScope.stderr).toMatch(/invalid/i);
  });

  it('import streams a file and reports; re-importing changes nothing', () => {
    const file = path.join(dataDir, 'customers.csv');
    fs.writeFileSync(
      file,
      'user_id,email,country,plan\nc1,Ann@Example.com,DE,gold\nc2,bob@example.com,FR,\n,orphan@example.com,DE,x\n',
    );
    const first = rapport(['import', file, '--type', 'customers', '--json']);
    expect(first.code, first.stderr).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(report).toMatchObject({ rows: 3, accepted: 2, rejected: 1, inserted: 2 });
    expect(Object.keys(report.rejectsByReason)).toEqual(['missing_field']);
    const rejects = fs
      .readFileSync(report.rejectsFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rejects[0]).toMatchObject({ line: 4, code: 'missing_field' });
    const second = JSON.parse(rapport(['import', file, '--type', 'customers', '--json']).stdout);
    expect(second).toMatchObject({ inserted: 0, updated: 0 });
  });

  it('an events import rebuilds the profiles once at the end instead of updating them event by event', () => {
    const file = path.join(dataDir, 'events.jsonl');
    const lines = [];
    for (let i = 0; i < 30; i++)
      lines.push(
        JSON.stringify({
          type: 'track',
          event: 'Product Viewed',
          userId: `imp-${i % 3}`,
          messageId: `imp-msg-${i}`,
          timestamp: new Date(Date.UTC(2026, 9, 1, 10, i)).toISOString(),
          properties: { category: 'Garden' },
        }),
      );
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const r = rapport(['import', file, '--type', 'events', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.inserted).toBe(30);
    expect(report.details.profilesRebuilt).toBeGreaterThanOrEqual(3);
    const shown = JSON.parse(rapport(['profiles', 'show', 'imp-1', '--json']).stdout);
    expect(shown.eventCount).toBe(10);
  });

  it('demo --no-serve --json generates, loads and reports the counts it stored', () => {
    const dir = path.join(dataDir, 'demo');
    const r = rapport(['demo', '--no-serve', '--json', '--customers', '60', '--days', '30', '--dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.stored.customers).toBeGreaterThanOrEqual(60);
    expect(summary.stored.products).toBe(summary.generated.products);
    expect(summary.stored.events).toBe(summary.generated.events);
    expect(summary.events.accepted).toBe(summary.generated.eventsDelivered);
    expect(summary.stored.orders).toBe(summary.generated.orders + summary.generated.cancellations);
    expect(fs.existsSync(summary.truthFile)).toBe(true);
    // A month of history is too little to learn from: each model says why it was not trained, and the demo goes on.
    expect(summary.models.jobs.map((j: { model: string }) => j.model)).toEqual([
      'support_intent',
      'propensity_30d',
      'churn_60d',
      'clv_90d',
      'recommendations',
      'review_sentiment',
    ]);
    expect(summary.models.jobs[0]).toMatchObject({
      status: 'skipped',
      detail: /a support-intent model needs 50 over 2 topics/,
    });
    for (const j of summary.models.jobs.slice(1, 5))
      expect(j).toMatchObject({ status: 'not trained', detail: /^invalid_/ });
    expect(summary.models.jobs[5]).toMatchObject({
      status: 'skipped',
      detail: /reviews with text; a sentiment model needs 30 of each$/,
    });
    expect(summary.stored.profiles).toBeGreaterThan(0);
    // Same seed, same data: a second run finds everything already stored.
    const again = JSON.parse(
      rapport(['demo', '--no-serve', '--json', '--customers', '60', '--days', '30', '--dir', dir]).stdout,
    );
    expect(again.stored).toEqual(summary.stored);
    expect(Object.values(again.imported).every((i) => (i as { inserted: number }).inserted === 0)).toBe(true);
  });
});
