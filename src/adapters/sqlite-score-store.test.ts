import { openSqliteModelDatabase } from './model-store.contract.js';
import { runScoreStoreContract } from './score-store.contract.js';

runScoreStoreContract('sqlite', openSqliteModelDatabase);
