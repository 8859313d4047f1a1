import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { makeEvent } from '../stores.contract.js';
import { migrateToLatest } from '../sql/migrate.js';
import { createSqlEventStore } from '../sql/sql-event-store.js';
import { journalFileFor, prepareJournal } from './event-journal.js';
import { openJournaledEventStore } from './journaled-event-store.js';
import { openSqlite } from './open-sqlite.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function open(file: string, options: { truncateEveryMs?: number; backgroundNice?: number } = {}) {
  const db = openSqlite({ file, synchronous: 'normal' });
  await migrateToLatest(db, 'sqlite');
  const store = await openJournaledEventStore(createSqlEventStore(db), {
    file,
    synchronous: 'normal',
    indexBusyShare: 0.5,
    ...options,
  });
  return {
    store,
    async close() {
      await store.close();
      await db.destroy();
    },
  };
}

/** The nice value of each of this process's threads (Linux: field 19 of /proc/self/task/TID/stat). */
function threadNiceValues(): number[] {
  return fs.readdirSync('/proc/self/task').flatMap((tid) => {
    try {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      return [Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])];
    } catch {
      return []; // the thread exited meanwhile
    }
  });
}

function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-journal-'));
  dirs.push(dir);
  return path.join(dir, 'rapport.db');
}

/** Writes a journal row as the writer thread would, with nobody indexing it: a crash right after the ack. */
function appendBehindTheIndexersBack(file: string, events: ReturnType<typeof makeEvent>[]): void {
  const journal = new SqliteDatabase(journalFileFor(file));
  prepareJournal(journal);
  journal
    .prepare('INSERT INTO event_journal (events, appended_at, payload) VALUES (?, ?, ?)')
    .run(events.length, Date.now(), JSON.stringify(events));
  journal.close();
}

// Each test starts two worker threads per store (from TypeScript sources, through tsx): slow on a loaded machine.
describe('journaled SQLite event store', { timeout: 20_000 }, () => {
  it('keeps the journal beside the main file', () => {
    expect(journalFileFor('/data/rapport.db')).toBe('/data/rapport.ingest.db');
    expect(journalFileFor('/data/events.sqlite')).toBe('/data/events.sqlite.ingest.db');
  });

  it('indexes on restart what was acknowledged but not yet indexed when the process died', async () => {
    const file = tempFile();
    const first = await open(file);
    await first.store.append([makeEvent({ messageId: 'before-crash' })]);
    await first.close();

    const orphans = [makeEvent({ messageId: 'orphan-1' }), makeEvent({ messageId: 'orphan-2' })];
    appendBehindTheIndexersBack(file, orphans);

    const second = await open(file);
    expect(await second.store.count()).toBe(3);
    expect(second.store.indexProgress?.()).toEqual({ pendingEvents: 0, indexedEvents: 2, storedEvents: 2 });
    expect((await second.store.getByMessageId('orphan-2'))?.id).toBe(orphans[1]?.id);
    await second.close();
  });

  it('stores a retried messageId once even when the copies sit in different journal rows', async () => {
    const file = tempFile();
    const { store, close } = await open(file);
    const a = makeEvent({ messageId: 'retry-me', event: 'First' });
    const b = makeEvent({ messageId: 'retry-me', event: 'Second' });
    await store.append([a]);
    await store.append([b, makeEvent()]);
    expect(await store.count()).toBe(2);
    expect((await store.getByMessageId('retry-me'))?.event).toBe('First');
    expect(store.indexProgress?.()).toEqual({ pendingEvents: 0, indexedEvents: 3, storedEvents: 2 });
    await close();
  });

  it('does not skip events when the journal file is replaced by a new one', async () => {
    const file = tempFile();
    const first = await open(file);
    await first.store.append([makeEvent(), makeEvent(), makeEvent()]);
    await first.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(journalFileFor(file) + suffix, { force: true });

    const second = await open(file);
    // The new journal numbers its rows from 1 again; the old checkpoint (3 rows in) must not apply to it.
    await second.store.append([makeEvent({ messageId: 'after-replacement' })]);
    expect(await second.store.getByMessageId('after-replacement')).not.toBeNull();
    expect(await second.store.count()).toBe(4);
    await second.close();
  });

  it('deletes journal rows once they are indexed', async () => {
    const file = tempFile();
    const { store, close } = await open(file, { truncateEveryMs: 0 });
    for (let i = 0; i < 5; i++) {
      await store.append([makeEvent(), makeEvent()]);
      await store.settle();
    }
    await close();
    const journal = new SqliteDatabase(journalFileFor(file), { readonly: true });
    const left = journal.prepare('SELECT COUNT(*) FROM event_journal').pluck().get() as number;
    journal.close();
    // Each indexed batch triggers a delete of everything indexed so far; at most the last one can remain.
    expect(left).toBeLessThanOrEqual(1);
  });

  // A process already at nice 18 or more would pass without the feature: the new thread inherits its value.
  it.runIf(process.platform === 'linux' && os.getPriority(0) < 18)(
    'runs the indexer thread at the background nice value and leaves the rest of the process alone',
    async () => {
      const ownNice = os.getPriority(0);
      const nice = Math.min(19, Math.max(ownNice, 0) + 7);
      const before = threadNiceValues().filter((n) => n === nice).length;
      const { store, close } = await open(tempFile(), { backgroundNice: nice });
      try {
        await store.append([makeEvent({ messageId: 'nice-1' })]);
        expect(await store.count()).toBe(1);
        // One more thread at that value: the indexer (the journal writer is on the request path and stays).
        expect(threadNiceValues().filter((n) => n === nice).length).toBe(before + 1);
        expect(os.getPriority(0)).toBe(ownNice);
      } finally {
        await close();
      }
    },
  );
});
