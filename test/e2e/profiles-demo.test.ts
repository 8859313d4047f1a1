import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRapport } from './helpers/cli.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-profiles-'));

function rapport(args: string[]) {
  return runRapport(dataDir, args, { RAPPORT_LOG_LEVEL: 'warn' });
}

interface Truth {
  identities: Record<string, string | null>;
}

describe('profiles on the demo shop', () => {
  let truth: Truth;
  let build: Record<string, unknown>;
  beforeAll(() => {
    const demo = rapport([
      'demo',
      '--no-serve',
      '--no-models',
      '--json',
      '--customers',
      '300',
      '--days',
      '60',
      '--dir',
      dataDir,
    ]);
    expect(demo.code, demo.stderr).toBe(0);
    truth = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo', 'truth.json'), 'utf8')) as Truth;
    const built = rapport(['profiles', 'build', '--json']);
    expect(built.code, built.stderr).toBe(0);
    build = JSON.parse(built.stdout) as Record<string, unknown>;
  }, 180_000);
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('merges every anonymous session that was later identified into its customer, and no other', () => {
    const db = new Database(path.join(dataDir, 'rapport.db'), { readonly: true });
    const customerOf = db.prepare('select customer_id from identities where kind = ? and value = ?');
    const linked = db.prepare(
      'select count(*) as n from events where anonymous_id = ? and (user_id is not null or type = ?)',
    );
    const userCustomers = new Set(
      (
        db.prepare("select customer_id from identities where kind = 'user_id'").all() as {
          customer_id: string;
        }[]
      ).map((r) => r.customer_id),
    );
    let identified = 0;
    let merged = 0;
    let wrong = 0;
    for (const [anonymousId, owner] of Object.entries(truth.identities)) {
      const evidence = (linked.get(anonymousId, 'alias') as { n: number }).n > 0;
      const anon = customerOf.get('anonymous_id', anonymousId) as { customer_id: string } | undefined;
      if (!owner) {
        // a visitor who never logged in is nobody's customer
        if (anon && userCustomers.has(anon.customer_id)) wrong++;
        continue;
      }
      const user = customerOf.get('user_id', owner) as { customer_id: string } | undefined;
      if (!evidence) continue; // never identified in the data: nothing can link it
      identified++;
      if (anon && user && anon.customer_id === user.customer_id) merged++;
      else wrong++;
    }
    db.close();
    expect(identified).toBeGreaterThan(50);
    expect(wrong).toBe(0);
    expect(merged).toBe(identified);
    expect(build.merges).toBeGreaterThanOrEqual(identified);
  });

  it('shows a profile by userId with features, computed traits and RFM, PII masked unless revealed', () => {
    const shown = rapport(['profiles', 'show', 'u_00001', '--json']);
    expect(shown.code, shown.stderr).toBe(0);
    const p = JSON.parse(shown.stdout) as Record<string, Record<string, unknown>>;
    expect(p.userId).toBe('u_00001');
    expect(p.features).toHaveProperty('session_count');
    expect(p.computedTraits).toHaveProperty('orders_90d');
    expect(String(p.traits?.email ?? '')).toMatch(/\*\*\*/);
    const revealed = JSON.parse(
      rapport(['profiles', 'show', 'u_00001', '--reveal', '--json']).stdout,
    ) as Record<string, Record<string, unknown>>;
    expect(String(revealed.traits?.email ?? '')).toMatch(/@/);
    expect(String(revealed.traits?.email ?? '')).not.toMatch(/\*\*\*/);
  });

  it('answers an unknown profile with a clear error and a non-zero exit', () => {
    const missing = rapport(['profiles', 'show', 'nobody', '--json']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/profile_not_found/);
    expect(JSON.parse(missing.stdout).error.code).toBe('profile_not_found');
  });

  it('has --help on every profiles command', () => {
    for (const command of [
      ['profiles'],
      ['profiles', 'build'],
      ['profiles', 'show'],
      ['segments', 'discover'],
    ]) {
      const r = rapport([...command, '--help']);
      expect(r.code, command.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/--json|Commands:/);
    }
  });
});
