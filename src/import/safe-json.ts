/** Sets an own property even for keys such as `__proto__`, which plain assignment would treat as the prototype. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** A JSON line can only decode to a lone surrogate through a `\uD8xx`…`\uDFxx` escape. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F][0-9a-fA-F]{2}/;

function fixString(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

function fixValue(value: unknown): unknown {
  if (typeof value === 'string') return fixString(value);
  if (Array.isArray(value)) return value.map(fixValue);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) setOwn(out, fixString(key), fixValue(inner));
    return out;
  }
  return value;
}

/**
 * `JSON.parse` whose strings are well-formed UTF-16: lone surrogates (legal in JSON escapes) become U+FFFD,
 * as the database drivers would turn them when encoding to UTF-8. Without this an id would compare unequal
 * to its own stored copy.
 */
export function parseJsonLine(line: string): unknown {
  const value: unknown = JSON.parse(line);
  return SURROGATE_ESCAPE.test(line) ? fixValue(value) : value;
}
