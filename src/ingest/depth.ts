/** Maximum nesting of objects and arrays in one event. Deeper payloads are rejected before any recursion. */
export const MAX_DEPTH = 32;

/** Iterative depth check: cannot overflow the stack however deep the input is. */
export function exceedsDepth(value: unknown, max: number = MAX_DEPTH): boolean {
  return inspectJson(value, max).tooDeep;
}

export interface JsonShape {
  tooDeep: boolean;
  /**
   * An upper bound on `Buffer.byteLength(JSON.stringify(value))`, valid when not too deep: a UTF-16 code unit
   * takes at most 6 bytes (`\u001f`), a number at most 25 characters. Cheap to compute, so the exact size is
   * measured only when this bound exceeds a limit.
   */
  maxBytes: number;
}

// e.g. -0.0000012345678901234567 (17 digits after 0.00000; below 1e-6 JavaScript switches to -1.2…e-7, 24)
const MAX_NUMBER_CHARS = 25;

/** One iterative walk: how deep the value nests (stopping past `max`) and a bound on its serialised size. */
export function inspectJson(value: unknown, max: number = MAX_DEPTH): JsonShape {
  let maxBytes = 0;
  const stack: unknown[] = [value];
  const depths: number[] = [0];
  while (stack.length > 0) {
    const node = stack.pop();
    const depth = depths.pop() as number;
    if (typeof node === 'string') {
      maxBytes += 6 * node.length + 2;
      continue;
    }
    if (node === null || typeof node !== 'object') {
      maxBytes += MAX_NUMBER_CHARS; // numbers, booleans, null (and nothing longer)
      continue;
    }
    if (depth + 1 > max) return { tooDeep: true, maxBytes };
    if (Array.isArray(node)) {
      maxBytes += 2 + node.length;
      for (const child of node) {
        stack.push(child);
        depths.push(depth + 1);
      }
      continue;
    }
    maxBytes += 2;
    for (const key in node) {
      if (!Object.hasOwn(node, key)) continue;
      maxBytes += 6 * key.length + 4; // quotes, colon, comma
      stack.push((node as Record<string, unknown>)[key]);
      depths.push(depth + 1);
    }
  }
  return { tooDeep: false, maxBytes };
}
