type Work = { value: unknown } | { close: object } | string;

function scalar(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      // NaN and ±Infinity stay distinct from null (JSON would collapse them); −0 equals 0.
      return Number.isFinite(value) ? String(value === 0 ? 0 : value) : `#${value}`;
    case 'boolean':
      return String(value);
    case 'bigint':
      return `${value}n`;
    default:
      return 'null';
  }
}

/**
 * A canonical string for a JSON-like value: object keys sorted, `undefined` members dropped, so two values that
 * mean the same get the same key. Iterative, so very deep input cannot overflow the stack; a cycle encodes as
 * `"#cycle"` instead of looping.
 */
export function canonicalKey(input: unknown): string {
  const out: string[] = [];
  const open = new Set<object>();
  const stack: Work[] = [{ value: input }];
  while (stack.length > 0) {
    const item = stack.pop() as Work;
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    if ('close' in item) {
      open.delete(item.close);
      continue;
    }
    const value = item.value;
    if (value === null || typeof value !== 'object') {
      out.push(scalar(value));
      continue;
    }
    if (open.has(value)) {
      out.push('"#cycle"');
      continue;
    }
    open.add(value);
    stack.push({ close: value });
    if (Array.isArray(value)) {
      out.push('[');
      stack.push(']');
      for (let i = value.length - 1; i >= 0; i--) {
        stack.push({ value: value[i] });
        if (i > 0) stack.push(',');
      }
      continue;
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    out.push('{');
    stack.push('}');
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i] as string;
      stack.push({ value: record[key] });
      stack.push(`${JSON.stringify(key)}:`);
      if (i > 0) stack.push(',');
    }
  }
  return out.join('');
}
