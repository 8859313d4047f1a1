import { describe, expect, it } from 'vitest';
import { parseMap } from './import.js';

describe('rapport import --map', () => {
  it('maps each source column to its field, the last = splitting them', () => {
    expect(parseMap(['Customer ID=userId', 'a=b=email'])).toEqual({
      'Customer ID': 'userId',
      'a=b': 'email',
    });
  });

  it('keeps a column named __proto__ as a column, not a prototype', () => {
    const map = parseMap(['__proto__=email', 'constructor=name']);
    expect(Object.keys(map)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(map)).toBe(Object.prototype);
    expect(map['__proto__']).toBe('email');
  });

  it.each(['noequals', '=field', 'col='])('refuses %s with invalid_import_options', (pair) => {
    expect(() => parseMap([pair])).toThrow(expect.objectContaining({ code: 'invalid_import_options' }));
  });
});
