import { openSqliteModelDatabase, runModelStoreContract } from './model-store.contract.js';

runModelStoreContract('sqlite', openSqliteModelDatabase);
