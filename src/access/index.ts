export type { ApiKeyRecord, ApiKeyStore, KeyScope, LoginTokenRecord } from './ports.js';
export {
  createAccessService,
  scopeAllows,
  hashSecret,
  type AccessService,
  type Principal,
} from './access-service.js';
