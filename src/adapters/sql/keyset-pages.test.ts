import { describe, expect, it } from 'vitest';
import { keysetPages } from './keyset-pages.js';

describe('keysetPages', () => {
  const table = Array.from({ length: 10 }, (_, i) => i + 1);
  const read = async (size: number) => {
    const calls: number[] = [];
    const pages: number[][] = [];
    const fetch = async (after: number) => (calls.push(after), table.filter((x) => x > after).slice(0, size));
    for await (const page of keysetPages(0, fetch, (last) => last, size)) pages.push(page);
    return { pages, calls };
  };

  it('walks the keys page by page and stops at a short page', async () => {
    expect(await read(4)).toEqual({
      pages: [
        [1, 2, 3, 4],
        [5, 6, 7, 8],
        [9, 10],
      ],
      calls: [0, 4, 8],
    });
  });

  it('asks once more when the last page is full, and yields no empty page', async () => {
    expect(await read(5)).toEqual({
      pages: [
        [1, 2, 3, 4, 5],
        [6, 7, 8, 9, 10],
      ],
      calls: [0, 5, 10],
    });
  });
});
