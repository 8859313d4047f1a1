#!/usr/bin/env node
// The built CLI (npm ci and npm run build produce dist/); see src/cli/main.ts.
import('../dist/cli/main.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/main.js')) {
    process.stderr.write('rapport: not built yet; run `npm run build` (npm ci does it for you)\n');
    process.exit(1);
  }
  throw error;
});
