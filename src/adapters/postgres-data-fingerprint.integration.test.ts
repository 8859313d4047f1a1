import { openPostgresFingerprintDatabase, runDataFingerprintContract } from './data-fingerprint.contract.js';

runDataFingerprintContract('postgres', openPostgresFingerprintDatabase);
