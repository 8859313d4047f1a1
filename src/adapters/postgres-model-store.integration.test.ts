import { openPostgresModelDatabase, runModelStoreContract } from './model-store.contract.js';

runModelStoreContract('postgres', openPostgresModelDatabase);
