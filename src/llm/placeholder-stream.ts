/** Restores placeholders in a streamed reply whose chunks may split a placeholder (`[EMA` + `IL_1]`). */
export interface StreamRestorer {
  /** The restored text that is safe to emit now; a possible placeholder start is held back. */
  push(chunk: string): string;
  /** Whatever is held back, restored. */
  end(): string;
}

/** Longest placeholder we issue is `[ADDRESS_` plus digits and `]`; anything longer cannot be one. */
const MAX_PLACEHOLDER = 24;
const PARTIAL = /^\[[A-Z]*(?:_\d*)?$/;

export function createStreamRestorer(restore: (text: string) => string): StreamRestorer {
  let held = '';
  return {
    push(chunk) {
      const text = held + chunk;
      const open = text.lastIndexOf('[');
      const tail = open === -1 ? '' : text.slice(open);
      if (open !== -1 && tail.length < MAX_PLACEHOLDER && PARTIAL.test(tail)) {
        held = tail;
        return restore(text.slice(0, open));
      }
      held = '';
      return restore(text);
    },
    end() {
      const rest = restore(held);
      held = '';
      return rest;
    },
  };
}
