import { buildProgram } from './program.js';

/** Composition root of the CLI. */
await buildProgram().parseAsync(process.argv);
