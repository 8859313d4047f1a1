/** A permit of a Semaphore; releasing twice is harmless. */
export interface Permit {
  release(): void;
}

/** At most `limit` holders at a time; waiters are served in arrival order and can give up through their signal. */
export interface Semaphore {
  /** A permit, or null when `signal` aborted first (then nothing is held). */
  acquire(signal: AbortSignal): Promise<Permit | null>;
  readonly inUse: number;
  readonly waiting: number;
}

export function createSemaphore(limit: number): Semaphore {
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`semaphore limit must be a positive integer: ${limit}`);
  let inUse = 0;
  const queue: { grant: () => void }[] = [];
  const permit = (): Permit => {
    let released = false;
    return {
      release() {
        if (released) return;
        released = true;
        const next = queue.shift();
        if (next) next.grant();
        else inUse--;
      },
    };
  };
  return {
    acquire(signal) {
      if (signal.aborted) return Promise.resolve(null);
      if (inUse < limit) {
        inUse++;
        return Promise.resolve(permit());
      }
      return new Promise((resolve) => {
        const waiter = {
          grant: () => {
            signal.removeEventListener('abort', onAbort);
            resolve(permit());
          },
        };
        const onAbort = () => {
          const at = queue.indexOf(waiter);
          if (at !== -1) queue.splice(at, 1);
          resolve(null);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        queue.push(waiter);
      });
    },
    get inUse() {
      return inUse;
    },
    get waiting() {
      return queue.length;
    },
  };
}
