/** Maximum nesting of objects and arrays in one event. Deeper payloads are rejected before any recursion. */
export const MAX_DEPTH = 32;

/** Iterative depth check: cannot overflow the stack however deep the input is. */
export function exceedsDepth(value: unknown, max: number = MAX_DEPTH): boolean {
  if (value === null || typeof value !== 'object') return false;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (depth > max) return true;
    const children = Array.isArray(node) ? node : Object.values(node as Record<string, unknown>);
    for (const child of children)
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}
