import { describe, expect, it } from 'vitest';
import type { DemoEventBatch } from '../demo/index.js';
import { planWaves } from './replay-deliveries.js';

const delivery = (...ids: string[]): DemoEventBatch => ({
  sentAt: '2026-01-01T00:00:00Z',
  batch: ids.map((messageId) => ({
    type: 'track',
    messageId,
    event: 'E',
    userId: 'u',
    context: { locale: 'en' },
    timestamp: '2026-01-01T00:00:00Z',
  })),
});

describe('planWaves', () => {
  it('keeps order, caps the wave size and never puts two copies of a message in one wave', () => {
    const deliveries = [
      delivery('a', 'b'),
      delivery('c'),
      delivery('b'),
      delivery('d'),
      delivery('e'),
      delivery('f'),
    ];
    const waves = planWaves(deliveries, 3);
    expect(waves).toEqual([[0, 1], [2, 3, 4], [5]]);
    expect(waves.flat()).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
