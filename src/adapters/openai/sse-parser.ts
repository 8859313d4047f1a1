/**
 * Server-sent events, incrementally: text arrives in arbitrary pieces (a line, even a `\r\n`, may be split
 * across network chunks). Only `data:` fields matter here; an event is dispatched at its blank line, and data
 * without one at the end of the stream is discarded, as the SSE specification says.
 */
export interface SseParser {
  /** The complete events' data in this piece of text. */
  push(text: string): string[];
}

export function createSseParser(): SseParser {
  let buffer = '';
  let data: string[] = [];
  return {
    push(text) {
      buffer += text;
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
        } else if (line.startsWith('data:')) data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
        // Comments (`:`) and other fields (event, id, retry) are ignored.
      }
      return events;
    },
  };
}
