import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type SqliteDatabase from 'better-sqlite3';

/**
 * The ingest journal: a second SQLite file beside the main database, holding acknowledged events one row per
 * group commit (the commit's events as one JSON array). Appending there costs one B-tree insert and one fsync
 * per commit whatever the commit's size, so the request path never pays for the main table's indexes; the
 * indexer thread moves journal rows into `events` behind it. Sequence numbers are AUTOINCREMENT so they are
 * never reused after truncation, and the journal's random id lets the indexer tell a replaced journal file from
 * the one its checkpoint refers to.
 */
const SCHEMA_VERSION = 1;

/** Page cache of a journal connection: appends and one sequential read need only a few pages. */
export const JOURNAL_CACHE_KIB = 2_048;

export interface JournalHead {
  journalId: string;
  /** Highest sequence ever appended (0 for a new journal). */
  head: number;
}

/** `rapport.db` → `rapport.ingest.db`, next to the main file. */
export function journalFileFor(databaseFile: string): string {
  const parsed = path.parse(databaseFile);
  return path.join(parsed.dir, `${parsed.ext === '.db' ? parsed.name : parsed.base}.ingest.db`);
}

/** Creates the journal schema if missing and returns its id and head. */
export function prepareJournal(db: SqliteDatabase.Database): JournalHead {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION)
    throw new Error(`ingest journal schema ${version} is newer than this Rapport (${SCHEMA_VERSION})`);
  db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS journal_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS event_journal (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        events INTEGER NOT NULL,
        appended_at INTEGER NOT NULL,
        payload TEXT NOT NULL
      );`);
    db.prepare(`INSERT OR IGNORE INTO journal_meta (key, value) VALUES ('id', ?)`).run(randomUUID());
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
  return readJournalHead(db);
}

export function readJournalHead(db: SqliteDatabase.Database): JournalHead {
  const journalId = db.prepare(`SELECT value FROM journal_meta WHERE key = 'id'`).pluck().get() as string;
  const head = db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'event_journal'`).pluck().get() as
    number | undefined;
  return { journalId, head: head ?? 0 };
}

/** Events in journal rows after `seq` (what the indexer still owes). */
export function pendingEvents(db: SqliteDatabase.Database, seq: number): number {
  return (
    (db.prepare('SELECT COALESCE(SUM(events), 0) FROM event_journal WHERE seq > ?').pluck().get(seq) as
      number | null) ?? 0
  );
}
