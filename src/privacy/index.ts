export { createFieldCipher, parseSecretKey, type FieldCipher } from './field-cipher.js';
export {
  splitPii,
  isPiiKey,
  normalizeEmail,
  emailLookupHash,
  maskValue,
  maskRecord,
  type PiiSplit,
} from './pii.js';
export { resolveSecretKey } from './secret-key.js';
