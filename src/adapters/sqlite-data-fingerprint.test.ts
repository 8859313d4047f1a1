import { openSqliteFingerprintDatabase, runDataFingerprintContract } from './data-fingerprint.contract.js';

runDataFingerprintContract('sqlite', openSqliteFingerprintDatabase);
