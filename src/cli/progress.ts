import cliProgress from 'cli-progress';

export interface Progress {
  update(value: number, total?: number, payload?: Record<string, string | number>): void;
  stop(): void;
}

/** A progress bar on stderr when it is a terminal (never on stdout, which --json keeps clean); silent otherwise. */
export function createProgress(
  label: string,
  total: number,
  options: { enabled?: boolean; format?: string; payload?: Record<string, string | number> } = {},
): Progress {
  const enabled = options.enabled ?? Boolean(process.stderr.isTTY);
  if (!enabled) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format:
        options.format ?? `${label.padEnd(12)} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, options.payload ?? {});
  return {
    update: (value, newTotal, payload) => {
      if (newTotal !== undefined) bar.setTotal(newTotal);
      bar.update(value, payload ?? {});
    },
    stop: () => bar.stop(),
  };
}
