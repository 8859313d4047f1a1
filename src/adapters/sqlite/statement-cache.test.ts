import { describe, expect, it } from 'vitest';
import { openSqliteConnection, withStatementCache } from './open-sqlite.js';

const open = () => openSqliteConnection({ file: ':memory:', synchronous: 'normal' });

describe('withStatementCache', () => {
  it('prepares each SQL text once and hands the statement back', () => {
    const connection = open();
    const cached = withStatementCache(connection);
    const a = cached.prepare('select 1 as x');
    expect(cached.prepare('select 1 as x')).toBe(a);
    expect(cached.prepare('select 2 as x')).not.toBe(a);
    expect(a.all()).toEqual([{ x: 1 }]);
    cached.close();
    expect(connection.open).toBe(false);
  });

  it('gives a fresh statement while the kept one is still iterating', () => {
    const cached = withStatementCache(open());
    cached.prepare('create table t (v integer)').run();
    const insert = cached.prepare('insert into t values (?)');
    for (let v = 0; v < 3; v++) insert.run(v);
    const sql = 'select v from t order by v';
    const first = cached.prepare(sql);
    const rows = first.iterate();
    expect(rows.next().value).toEqual({ v: 0 });
    const second = cached.prepare(sql);
    expect(second).not.toBe(first);
    expect(second.all()).toHaveLength(3);
    expect([...rows]).toEqual([{ v: 1 }, { v: 2 }]);
    expect(cached.prepare(sql)).toBe(first);
    cached.close();
  });

  it('keeps only the most recently used statements', () => {
    const cached = withStatementCache(open(), 2);
    const one = cached.prepare('select 1');
    const two = cached.prepare('select 2');
    expect(cached.prepare('select 1')).toBe(one); // now the most recent
    cached.prepare('select 3'); // evicts select 2
    expect(cached.prepare('select 1')).toBe(one);
    expect(cached.prepare('select 2')).not.toBe(two);
    cached.close();
  });
});
