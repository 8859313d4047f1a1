import { openPostgresModelDatabase } from './model-store.contract.js';
import { runScoreStoreContract } from './score-store.contract.js';

runScoreStoreContract('postgres', openPostgresModelDatabase);
