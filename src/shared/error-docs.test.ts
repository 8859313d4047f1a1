import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { errorCodes } from './error-codes.js';
import { renderErrorDocs } from './error-docs.js';

const docsFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/errors.md');

describe('docs/errors.md', () => {
  it('matches the error registry (run `npm run docs:errors` when it does not)', () => {
    expect(fs.readFileSync(docsFile, 'utf8')).toBe(renderErrorDocs());
  });

  it('every code is snake_case with a 4xx or 5xx status', () => {
    for (const [code, { status }] of Object.entries(errorCodes)) {
      expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
    }
  });
});
