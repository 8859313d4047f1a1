import fs from 'node:fs';
import path from 'node:path';
import { packageRoot, packageVersion } from './paths.js';

/** The commit checked out in `root` (read from `.git`, no git process), or null outside a git work tree. */
export function gitCommit(root: string): string | null {
  try {
    let gitDir = path.join(root, '.git');
    // A linked work tree or submodule has a `.git` file pointing at its git directory.
    if (fs.statSync(gitDir).isFile()) {
      const pointer = /^gitdir:\s*(.+)$/m.exec(fs.readFileSync(gitDir, 'utf8'))?.[1]?.trim();
      if (!pointer) return null;
      gitDir = path.resolve(root, pointer);
    }
    const head = fs.readFileSync(path.join(gitDir, 'HEAD'), 'utf8').trim();
    const ref = /^ref:\s*(.+)$/.exec(head)?.[1];
    if (ref === undefined) return /^[0-9a-f]{40,64}$/.test(head) ? head : null;
    // Branch refs live in the common directory of linked work trees.
    const common = fs.existsSync(path.join(gitDir, 'commondir'))
      ? path.resolve(gitDir, fs.readFileSync(path.join(gitDir, 'commondir'), 'utf8').trim())
      : gitDir;
    for (const dir of [gitDir, common]) {
      const file = path.join(dir, ref);
      if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
    }
    const packed = fs.readFileSync(path.join(common, 'packed-refs'), 'utf8');
    for (const line of packed.split('\n')) {
      const [sha, name] = line.split(' ');
      if (name === ref && sha && /^[0-9a-f]{40,64}$/.test(sha)) return sha;
    }
    return null;
  } catch {
    return null;
  }
}

let cached: string | undefined;

/** What trained a model: the package version, with `+<commit, 12 hex>` when running from a git checkout. */
export function codeVersion(): string {
  if (cached === undefined) {
    const root = packageRoot();
    const commit = gitCommit(root);
    cached = commit ? `${packageVersion()}+${commit.slice(0, 12)}` : packageVersion();
  }
  return cached;
}
