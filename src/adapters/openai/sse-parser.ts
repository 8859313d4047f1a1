/**
 * Server-sent events, incrementally: text arrives in arbitrary pieces (a line, even a `\r\n`, may be split
 * across network chunks). Only `data:` fields matter here; an event is dispatched at its blank line, and data
 * without one at the end of the stream is discarded, as the SSE specification says.
 */
export interface SseParser {
  /** The complete events' data in this piece of text; null once a line or event exceeds the size limit. */
  push(text: string): string[] | null;
}

/** No completion chunk comes near this: a server sending more without a line break is broken or hostile. */
export const MAX_SSE_EVENT_CHARS = 1_000_000;

export function createSseParser(maxEventChars = MAX_SSE_EVENT_CHARS): SseParser {
  let buffer = '';
  let data: string[] = [];
  let held = 0;
  return {
    push(text) {
      buffer += text;
      if (buffer.length + held > maxEventChars) return null;
      const events: string[] = [];
      let newline: number;
      while ((newline = buffer.search(/\r\n|\r|\n/)) !== -1) {
        // A lone \r at the very end may be the first half of \r\n: wait for the next piece.
        if (buffer[newline] === '\r' && newline === buffer.length - 1) break;
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
        if (line === '') {
          if (data.length > 0) events.push(data.join('\n'));
          data = [];
          held = 0;
        } else if (line.startsWith('data:')) {
          data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
          held += line.length;
          if (held > maxEventChars) return null;
        }
        // Comments (`:`) and other fields (event, id, retry) are ignored.
      }
      return events;
    },
  };
}
