import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticIntents } from '../../src/text/test-kit.js';
import { runRapport } from './helpers/cli.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-text-cli-'));
const rapport = (args: string[]) => runRapport(dataDir, args);

describe('rapport text', () => {
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('trains with cross-validation, writes predictions, registers the model, then predicts with it', () => {
    const { texts, labels } = syntheticIntents(30);
    const csv = path.join(dataDir, 'intents.csv');
    const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
    fs.writeFileSync(csv, ['utterance,intent', ...texts.map((t, i) => `${q(t)},${labels[i]}`)].join('\n'));
    const out = path.join(dataDir, 'predictions.csv');
    const trained = rapport([
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

  it('refuses a wrong split, a missing file and a non-text model with one clear line', () => {
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
