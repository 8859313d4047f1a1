// What the benchmarks share to run the project: a fresh enough dist/, child processes that say when they are ready,
// and questions to them over IPC.
import { fork, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Newest modification time under `dir` among files accepted by `keep`. */
function newestMtime(dir, keep) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !keep(entry.name)) continue;
    newest = Math.max(newest, fs.statSync(path.join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when it is missing or older than src/; tsc emits despite type errors. */
export function ensureBuild(root, log) {
  const entry = path.join(root, 'dist/server/index.js');
  const srcTime = newestMtime(path.join(root, 'src'), (n) => n.endsWith('.ts') && !n.endsWith('.test.ts'));
  if (fs.existsSync(entry) && fs.statSync(entry).mtimeMs >= srcTime) return;
  log('Building the server (npm run build:server)…');
  const started = Date.now();
  const build = spawnSync('npm', ['run', '--silent', 'build:server'], { cwd: root, encoding: 'utf8' });
  if (!fs.existsSync(entry) || fs.statSync(entry).mtimeMs < started - 1000)
    throw new Error(`The build did not produce dist/server/index.js:\n${build.stdout}${build.stderr}`);
  if (build.status !== 0) log('  tsc reported type errors; the emitted dist/ is used anyway.');
}

/** Forks a script; `ready` resolves with its first message, which must be `{ type: 'ready', … }`. */
export function forkReady(script, env, execArgv = []) {
  const child = fork(script, [], {
    env: { ...process.env, NODE_ENV: 'production', ...env },
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise((resolve, reject) => {
    child.once('message', (m) =>
      m?.type === 'ready' ? resolve(m) : reject(new Error(`unexpected ${JSON.stringify(m)}`)),
    );
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
  });
  return { child, exited, ready };
}

/** Sends `question` to a child and resolves with its answer (`{ type: question, [question]: answer }`). */
export function ask(child, question) {
  return new Promise((resolve) => {
    const onMessage = (m) => {
      if (m?.type === question) {
        child.off('message', onMessage);
        resolve(m[question]);
      }
    };
    child.on('message', onMessage);
    child.send(question);
  });
}

/** The median of the finite numbers among `values`, or null. */
export function median(values) {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
