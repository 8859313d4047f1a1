import { describe, expect, it } from 'vitest';
import { createInProcessBus } from './in-process-bus.js';

describe('in-process event bus', () => {
  it('delivers every message once, in publish order, one handler call at a time', async () => {
    const bus = createInProcessBus();
    const seen: number[] = [];
    let inside = 0;
    let overlap = false;
    bus.subscribe(
      'x',
      async (messages) => {
        inside++;
        if (inside > 1) overlap = true;
        await new Promise((r) => setTimeout(r, 1));
        seen.push(...(messages as number[]));
        inside--;
      },
      { maxBatch: 7 },
    );
    for (let i = 0; i < 100; i += 10)
      bus.publish(
        'x',
        Array.from({ length: 10 }, (_, j) => i + j),
      );
    bus.publish('other', [1, 2, 3]);
    await bus.drain();
    expect(seen).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(overlap).toBe(false);
  });

  it('hands a burst over in batches no larger than maxBatch', async () => {
    const bus = createInProcessBus();
    const sizes: number[] = [];
    bus.subscribe('x', async (m) => void sizes.push(m.length), { maxBatch: 40 });
    bus.publish(
      'x',
      Array.from({ length: 100 }, (_, i) => i),
    );
    await bus.drain();
    expect(sizes).toEqual([40, 40, 20]);
  });

  it('keeps consuming after a handler failure, counting it', async () => {
    const errors: unknown[] = [];
    const bus = createInProcessBus({ onError: (_s, e) => errors.push(e) });
    const got: unknown[] = [];
    const sub = bus.subscribe(
      'x',
      async (m) => {
        if (m.includes('bad')) throw new Error('boom');
        got.push(...m);
      },
      { maxBatch: 1 },
    );
    bus.publish('x', ['a', 'bad', 'b']);
    await bus.drain();
    expect(got).toEqual(['a', 'b']);
    expect(errors).toHaveLength(1);
    expect(sub.stats()).toEqual({ delivered: 2, dropped: 0, failures: 1 });
  });

  it('drops the oldest messages beyond maxPending and counts them', async () => {
    const bus = createInProcessBus();
    const got: number[] = [];
    const sub = bus.subscribe('x', async (m) => void got.push(...(m as number[])), { maxPending: 5 });
    bus.publish('x', [1, 2, 3, 4, 5, 6, 7, 8]);
    expect(sub.pending()).toBe(5);
    await bus.drain();
    expect(got).toEqual([4, 5, 6, 7, 8]);
    expect(sub.stats().dropped).toBe(3);
  });

  it('weighs messages for maxPending and the counts when asked (e.g. events per chunk)', async () => {
    const bus = createInProcessBus();
    const got: number[][] = [];
    const sub = bus.subscribe('x', async (m) => void got.push(...(m as number[][])), {
      maxPending: 6,
      weigh: (m) => (m as number[]).length,
    });
    bus.publish('x', [[1, 2, 3], [4], [5, 6, 7]]);
    expect(sub.pending()).toBe(4);
    await bus.drain();
    expect(got).toEqual([[4], [5, 6, 7]]);
    expect(sub.stats()).toEqual({ delivered: 4, dropped: 3, failures: 0 });
    expect(sub.pending()).toBe(0);
  });

  it('stops delivering after unsubscribe and after close', async () => {
    const bus = createInProcessBus();
    const got: unknown[] = [];
    const sub = bus.subscribe('x', async (m) => void got.push(...m));
    bus.publish('x', [1]);
    await bus.drain();
    sub.unsubscribe();
    bus.publish('x', [2]);
    await bus.close();
    bus.publish('x', [3]);
    expect(got).toEqual([1]);
  });
});
