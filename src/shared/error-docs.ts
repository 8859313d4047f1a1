import { errorCodes } from './error-codes.js';

/** Renders docs/errors.md from the registry, so the document cannot drift from the code. */
export function renderErrorDocs(): string {
  const lines = [
    '# Error codes',
    '',
    'Generated from `src/shared/error-codes.ts` by `npm run docs:errors`; a test fails when this file is stale.',
    '',
    'Every error response has the body `{ "error": { "code", "message", "details" } }`. Codes are stable: clients may',
    'branch on them. Messages are for people and may change. The CLI prints `rapport: error [code] message`.',
    '',
    '| code | HTTP status | meaning |',
    '|---|---|---|',
  ];
  for (const [code, { status, message }] of Object.entries(errorCodes))
    lines.push(`| \`${code}\` | ${status} | ${message} |`);
  return `${lines.join('\n')}\n`;
}
