import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTinyEncoder } from '../../src/adapters/onnx/test-kit.js';
import { syntheticIntents } from '../../src/text/test-kit.js';
import { startFakeOpenAiServer } from '../llm/fake-openai-server.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { repoRoot, runRapport } from './helpers/cli.js';

async function runRapportAsync(dir: string, args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'src/cli/main.ts'), ...args],
      { cwd: repoRoot, env: { ...process.env, RAPPORT_DATA_DIR: dir, ...env }, timeout: 170_000 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-text-cli-'));
const rapport = (args: string[]) => runRapport(dataDir, args);

/** The synthetic intents as CSV (utterance, intent) in the data directory. */
function intentsCsv(): string {
  const { texts, labels } = syntheticIntents(30);
  const csv = path.join(dataDir, 'intents.csv');
  const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
  fs.writeFileSync(csv, ['utterance,intent', ...texts.map((t, i) => `${q(t)},${labels[i]}`)].join('\n'));
  return csv;
}

/** `rapport text train` on an intents CSV (columns utterance, intent), then `extra`. */
const trainIntents = (csv: string, ...extra: string[]) => [
  'text',
  'train',
  '--task',
  'intent',
  '--data',
  csv,
  '--text-col',
  'utterance',
  '--label-col',
  'intent',
  ...extra,
];

describe('rapport text', () => {
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('trains with cross-validation, writes predictions, registers the model, then predicts with it', () => {
    const csv = intentsCsv();
    const out = path.join(dataDir, 'predictions.csv');
    const trained = rapport([
      ...trainIntents(csv),
      '--split',
      'cv:3:7',
      '--model',
      'svm',
      '--threads',
      '1',
      '--out-predictions',
      out,
      '--json',
    ]);
    expect(trained.code, trained.stderr).toBe(0);
    const report = JSON.parse(trained.stdout) as {
      accuracy: { mean: number };
      folds: unknown[];
      registration: { name: string; promoted: boolean; version: number };
    };
    expect(report.folds).toHaveLength(3);
    expect(report.accuracy.mean).toBeGreaterThan(0.8);
    expect(report.registration).toMatchObject({ name: 'text_intent', promoted: true, version: 1 });
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('text,label,predicted,confidence');
    expect(lines).toHaveLength(121);

    const predicted = rapport([
      'text',
      'predict',
      '--model',
      'text_intent',
      '--json',
      'where is my parcel?',
      'refund pls',
    ]);
    expect(predicted.code, predicted.stderr).toBe(0);
    const body = JSON.parse(predicted.stdout) as {
      predictions: { label: string; confidence: number; words: { text: string }[] }[];
    };
    expect(body.predictions.map((p) => p.label)).toEqual(['order_status', 'refund']);
    expect(body.predictions[0]!.words.length).toBeGreaterThan(0);
  }, 180_000);

  it('evaluates a head on a remote embedding service (OpenAI-compatible), registering nothing', async () => {
    const server = await startFakeOpenAiServer();
    try {
      const csv = intentsCsv();
      const args = trainIntents(csv, '--encoder', 'remote', '--json');
      // Asynchronously: the fake server answers on this process's event loop, which spawnSync would block.
      const r = await runRapportAsync(dataDir, [...args, '--split', 'cv:3:1'], {
        RAPPORT_LLM_BASE_URL: server.baseUrl,
        RAPPORT_LLM_MODEL: 'fake-chat',
        RAPPORT_LLM_EMBEDDING_MODEL: 'fake-embed',
      });
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout) as { model: string; folds: unknown[]; registration: null };
      expect(report).toMatchObject({ model: 'head on fake-embed', registration: null });
      expect(report.folds).toHaveLength(3);
      // Each of the 3 rounds embeds its 80 training and 40 test texts, one batch each.
      const embedded = server
        .requests()
        .filter((q) => q.endpoint === 'embeddings')
        .map((q) => (JSON.parse(q.body) as { input: string[] }).input.length);
      expect(embedded).toEqual([80, 40, 80, 40, 80, 40]);
      const missing = rapport(args);
      expect(missing.code).toBe(1);
      expect(JSON.parse(missing.stdout).error.code).toBe('llm_not_configured');
    } finally {
      await server.close();
    }
  }, 120_000);

  it('evaluates a head on a local ONNX encoder folder, and names a missing folder in one line', () => {
    const csv = intentsCsv();
    const folder = path.join(dataDir, 'tiny-encoder');
    buildTinyEncoder(folder);
    const args = trainIntents(csv, '--split', 'cv:3:1', '--threads', '1', '--json');
    const r = rapport([...args, '--encoder', 'onnx', '--encoder-path', folder]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as {
      accuracy: { mean: number };
      folds: unknown[];
      registration: null;
      note: string;
    };
    expect(report).toMatchObject({
      encoder: 'onnx',
      encoderPath: folder,
      model: 'head on onnx:tiny-encoder',
      registration: null,
    });
    expect(report.folds).toHaveLength(3);
    expect(report.accuracy.mean).toBeGreaterThan(0.8);
    expect(report.note).toMatch(/evaluated only/);

    const missing = rapport([...args, '--encoder', 'onnx', '--encoder-path', path.join(dataDir, 'no-model')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /^rapport: error \[encoder_not_found\] the encoder folder \S*no-model does not exist\n$/,
    );
    expect(JSON.parse(missing.stdout).error.code).toBe('encoder_not_found');
    const noPath = rapport([...args, '--encoder', 'onnx']);
    expect(noPath.code).toBe(1);
    expect(noPath.stderr).toMatch(/^rapport: error \[invalid_request\] --encoder onnx needs --encoder-path/);
    expect(rapport(['text', 'train', '--help']).stdout).toMatch(/--encoder-path <dir>/);
  }, 180_000);

  it('refuses a missing file and an unknown model with one clear line', () => {
    const bad = rapport([
      'text',
      'train',
      '--task',
      'intent',
      '--data',
      path.join(dataDir, 'nope.csv'),
      '--json',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^rapport: error \[invalid_training_data\] cannot read/);
    expect(JSON.parse(bad.stdout).error.code).toBe('invalid_training_data');
    const help = rapport(['text', 'train', '--help']);
    expect(help.stdout).toMatch(/--out-predictions/);
    expect(help.stdout).toMatch(/--json/);
    expect(rapport(['text', 'predict', '--help']).stdout).toMatch(/--json/);
    const missingModel = rapport(['text', 'predict', '--model', 'no_such_model', 'hello', '--json']);
    expect(missingModel.code).toBe(1);
    expect(JSON.parse(missingModel.stdout).error.code).toBe('model_not_found');
  }, 120_000);
});
