import { describe, expect, it } from 'vitest';
import { startBatchPool } from './batch-pool.js';

const job = (text: string) => ({
  text,
  receivedAt: Date.UTC(2026, 10, 29),
  source: 'api:k',
  origin: 'api:/v1/batch',
});
const body = JSON.stringify({ batch: [{ type: 'track', userId: 'u1', event: 'Viewed' }] });

describe('batch pool', () => {
  it('prepares on a worker thread, and on the caller thread once no worker is left', async () => {
    const pool = await startBatchPool({ workers: 1, secretKey: Buffer.alloc(32, 5), maxEventBytes: 32_768 });
    const first = await pool.prepare(job(body));
    expect(first).toMatchObject({ kind: 'ok', events: { count: 1 } });
    await pool.close();
    // The worker is gone: the job still gets done, the same way.
    const second = await pool.prepare(job(body));
    expect(second).toMatchObject({ kind: 'ok', events: { count: 1 }, byType: [['track', 1]] });
  });
});
