import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { lowerThreadPriority } from './thread-priority.js';

describe('lowerThreadPriority', () => {
  it('leaves the thread alone where setpriority would lower the whole process, and for nice 0', () => {
    const before = os.getPriority(0);
    expect(lowerThreadPriority(19, 'darwin')).toBeNull();
    expect(lowerThreadPriority(19, 'win32')).toBeNull();
    expect(lowerThreadPriority(0, 'linux')).toBeNull();
    expect(os.getPriority(0)).toBe(before);
  });
});
