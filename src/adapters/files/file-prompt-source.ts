import { readFile } from 'node:fs/promises';
import { isPromptName, type PromptSource } from '../../llm/index.js';

/** Reads `<name>.md` from a directory (src/llm/prompts, copied to dist/llm/prompts by the build). */
export function createFilePromptSource(directory: URL): PromptSource {
  return {
    async read(name) {
      if (!isPromptName(name)) return null;
      try {
        return await readFile(new URL(`${name}.md`, directory), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
  };
}
