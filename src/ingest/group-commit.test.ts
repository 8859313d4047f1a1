import { describe, expect, it } from 'vitest';
import { makeEvent } from '../adapters/stores.contract.js';
import { chunkSize, type EventChunk } from './event-chunks.js';
import { createGroupCommitter, type CommitStats } from './group-commit.js';

function recorder(delayMs = 5) {
  const commits: number[] = [];
  const append = async (chunks: readonly EventChunk[]) => {
    await new Promise((r) => setTimeout(r, delayMs));
    const n = chunks.reduce((s, c) => s + chunkSize(c), 0);
    commits.push(n);
    return { inserted: n };
  };
  return { commits, append };
}

describe('group commit', () => {
  it('many concurrent writers share few commits, and each resolves only after its commit', async () => {
    const { commits, append } = recorder();
    const stats: CommitStats[] = [];
    const committer = createGroupCommitter(append, { maxBatch: 10_000, maxWaitMs: 0 }, (s) => stats.push(s));
    const order: string[] = [];
    const writes = Array.from({ length: 200 }, (_, i) =>
      committer.write([makeEvent(), makeEvent()]).then(() => order.push(`w${i}`)),
    );
    await Promise.all(writes);
    expect(order).toHaveLength(200);
    expect(commits.reduce((a, b) => a + b, 0)).toBe(400);
    // One commit for the first turn of the loop; never one per request.
    expect(commits.length).toBeLessThanOrEqual(2);
    expect(stats[0]?.requests).toBeGreaterThan(1);
  });

  it('writes that arrive during a commit go together in the next one', async () => {
    const { commits, append } = recorder(20);
    const committer = createGroupCommitter(append, { maxBatch: 10_000, maxWaitMs: 0 });
    const first = committer.write([makeEvent()]);
    await new Promise((r) => setTimeout(r, 5));
    const later = Array.from({ length: 50 }, () => committer.write([makeEvent()]));
    await Promise.all([first, ...later]);
    expect(commits).toEqual([1, 50]);
  });

  it('respects maxBatch', async () => {
    const { commits, append } = recorder(1);
    const committer = createGroupCommitter(append, { maxBatch: 100, maxWaitMs: 0 });
    await Promise.all(
      Array.from({ length: 30 }, () => committer.write(Array.from({ length: 10 }, () => makeEvent()))),
    );
    expect(Math.max(...commits)).toBeLessThanOrEqual(100);
    expect(commits.reduce((a, b) => a + b, 0)).toBe(300);
  });

  it('a failed commit rejects its writers and the next commit still runs', async () => {
    let fail = true;
    const committer = createGroupCommitter(
      async (chunks) => {
        if (fail) {
          fail = false;
          throw new Error('disk full');
        }
        return { inserted: chunks.length };
      },
      { maxBatch: 100, maxWaitMs: 0 },
    );
    await expect(committer.write([makeEvent()])).rejects.toThrow('disk full');
    await expect(committer.write([makeEvent()])).resolves.toBeUndefined();
  });

  it('drain waits for queued and in-flight commits', async () => {
    const { commits, append } = recorder(10);
    const committer = createGroupCommitter(append, { maxBatch: 100, maxWaitMs: 50 });
    void committer.write([makeEvent()]);
    await committer.drain();
    expect(commits).toEqual([1]);
  });
});

describe('group commit with more than one commit in flight', () => {
  it('sends the next group while the previous commit is syncing, and waits for a free slot beyond that', async () => {
    const started: number[] = [];
    const finish: (() => void)[] = [];
    const committer = createGroupCommitter(
      (chunks) => {
        const n = chunks.reduce((s, c) => s + chunkSize(c), 0);
        started.push(n);
        return new Promise((resolve) => finish.push(() => resolve({ inserted: n })));
      },
      { maxBatch: 10_000, maxWaitMs: 0, maxInFlight: 2 },
    );
    const turn = () => new Promise((r) => setImmediate(r));
    const resolved: string[] = [];
    const write = (name: string, n: number) =>
      committer.write(Array.from({ length: n }, () => makeEvent())).then(() => resolved.push(name));
    const a = write('a', 1);
    await turn();
    const b = write('b', 2);
    const c = write('c', 1);
    await turn();
    // b and c went together in the second slot while a is still syncing.
    expect(started).toEqual([1, 3]);
    const d = write('d', 5);
    await turn();
    expect(started).toEqual([1, 3]); // both slots busy: d waits
    finish[0]?.();
    await a;
    await turn();
    expect(started).toEqual([1, 3, 5]);
    expect(resolved).toEqual(['a']);
    finish[1]?.();
    finish[2]?.();
    await Promise.all([b, c, d]);
    expect(resolved).toEqual(['a', 'b', 'c', 'd']);
  });
});
