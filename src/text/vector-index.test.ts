import { runVectorIndexContract } from './vector-index.contract.js';
import { createExactIndex } from './vector-index.js';

runVectorIndexContract('exact', createExactIndex, { exact: true });
