// Copies the LLM prompt templates next to the compiled code (tsc copies only .ts output): src/llm/prompts/*.md →
// dist/llm/prompts/. Plain Node, so it runs the same on every platform.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const from = path.join(root, 'src', 'llm', 'prompts');
const to = path.join(root, 'dist', 'llm', 'prompts');
fs.rmSync(to, { recursive: true, force: true });
fs.mkdirSync(to, { recursive: true });
let copied = 0;
for (const name of fs.readdirSync(from)) {
  if (!name.endsWith('.md')) continue;
  fs.copyFileSync(path.join(from, name), path.join(to, name));
  copied++;
}
console.log(`copied ${copied} prompt templates to ${path.relative(root, to)}`);
