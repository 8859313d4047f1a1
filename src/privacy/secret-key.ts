import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseSecretKey } from './field-cipher.js';

/**
 * The master key: `RAPPORT_SECRET_KEY` when set, otherwise `<dataDir>/secret.key`, generated on first use
 * with mode 0600 for the embedded default.
 */
export function resolveSecretKey(configured: string | undefined, dataDir: string): Buffer {
  if (configured !== undefined) return parseSecretKey(configured);
  const file = path.join(dataDir, 'secret.key');
  if (fs.existsSync(file)) return parseSecretKey(fs.readFileSync(file, 'utf8'));
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  try {
    fs.writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process created it between our check and write: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      return parseSecretKey(fs.readFileSync(file, 'utf8'));
    throw error;
  }
  return key;
}
