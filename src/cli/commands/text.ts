import fs from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { onnxEncoder } from '../../adapters/index.js';
import { parseSplit } from '../../ml/index.js';
import { AppError } from '../../shared/index.js';
import {
  defaultSvdOptions,
  defaultTextTrainOptions,
  encoderHeadTrainer,
  evaluateTextClassifier,
  evaluateTexts,
  lsaEncoder,
  remoteEncoder,
  explainText,
  formatOf,
  loadTextData,
  parseTextModelArtifact,
  predictTexts,
  textModelCandidate,
  trainTextClassifier,
  type TextEvaluation,
  type TextFormat,
  type TextModelChoice,
  type TextSplit,
  type TextTrainOptions,
} from '../../text/index.js';
import { withRuntime } from '../context.js';
import { failAndExit, note, printJson, printLine, table } from '../output.js';
import { createProgress } from '../progress.js';

type Task = 'intent' | 'sentiment';

interface TrainCliOptions {
  task: Task;
  data: string;
  format?: TextFormat;
  sep?: string;
  header: boolean;
  textCol: string;
  labelCol: string;
  test?: string;
  split?: string;
  model?: TextModelChoice;
  c?: string;
  oosLabel?: string;
  name?: string;
  save: boolean;
  seed: string;
  threads?: string;
  outPredictions?: string;
  encoder: 'tfidf' | 'lsa' | 'remote' | 'onnx';
  encoderPath?: string;
  dims?: string;
  json?: boolean;
}

/** NB-SVM is the strongest linear model on short sentiment texts (Wang & Manning 2012); intents get auto. */
const modelChoice = (o: TrainCliOptions): TextModelChoice =>
  o.model ?? (o.task === 'sentiment' ? 'nbsvm' : 'auto');

const pct = (x: number) => `${(100 * x).toFixed(2)} %`;

function positive(text: string | undefined, flag: string, integer = false): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!(n > 0) || !Number.isFinite(n) || (integer && !Number.isInteger(n)))
    throw new AppError('invalid_request', `${flag} must be a positive ${integer ? 'whole ' : ''}number`);
  return n;
}

/** CSV with every field quoted (texts hold commas, quotes and line breaks). */
function writePredictions(file: string, evaluation: TextEvaluation): void {
  const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
  const lines = ['text,label,predicted,confidence'];
  for (const r of evaluation.rows)
    lines.push([q(r.text), q(r.label), q(r.predicted), r.confidence.toFixed(6)].join(','));
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

function trainCommand(): Command {
  return new Command('train')
    .description(
      'Train and evaluate an intent or sentiment classifier on a labelled text file (protocols P1 and P3), then ' +
        'register it as a model version (live only if it beats the active one)',
    )
    .addOption(
      new Option('--task <task>', 'what the labels are')
        .choices(['intent', 'sentiment'])
        .makeOptionMandatory(),
    )
    .addOption(new Option('--data <file>', 'labelled texts (.gz allowed)').makeOptionMandatory())
    .addOption(
      new Option(
        '--format <format>',
        'csv (quote-aware), tsv (no quoting) or jsonl; default from the extension',
      ).choices(['csv', 'tsv', 'jsonl']),
    )
    .option('--sep <char>', 'field separator (default , for csv, tab for tsv)')
    .option('--no-header', 'the file has no header row: columns are numbers from 1')
    .option('--text-col <col>', 'column (name or number) or JSON field of the text', 'text')
    .option('--label-col <col>', 'column (name or number) or JSON field of the label', 'label')
    .option('--test <file>', 'evaluate once on this file (same format) instead of a split of --data')
    .option('--split <spec>', 'cv:K:SEED (stratified) or folds:PATH (a fold number per data row)', undefined)
    .addOption(
      new Option(
        '--model <kind>',
        'linear SVM, NB-SVM, logistic regression, or auto: the best by 5-fold CV on small data, the SVM on large ' +
          '(default: nbsvm for sentiment, auto for intent)',
      ).choices(['svm', 'nbsvm', 'logreg', 'auto']),
    )
    .option(
      '--c <number>',
      `inverse regularization (default ${defaultTextTrainOptions.svm.c} svm, ${defaultTextTrainOptions.logreg.c} logreg)`,
    )
    .option('--oos-label <label>', 'the label of out-of-scope examples in the data, if any')
    .option('--name <name>', 'model name in the registry (default text_<task>)')
    .option('--no-save', 'evaluate only: do not register the model')
    .option('--seed <seed>', 'seed of shuffles, hold-outs and cv folds', '0')
    .option('--threads <n>', 'training threads (default: one per core, at most 4)')
    .addOption(
      new Option(
        '--encoder <encoder>',
        'tfidf: linear models on TF-IDF features (registered); lsa, remote or onnx: a linear head on dense ' +
          'embeddings (built-in LSA, RAPPORT_LLM_EMBEDDING_MODEL through /v1/embeddings, or a local ONNX model ' +
          'from --encoder-path), evaluated only',
      )
        .choices(['tfidf', 'lsa', 'remote', 'onnx'])
        .default('tfidf'),
    )
    .option(
      '--encoder-path <dir>',
      'with --encoder onnx: a model folder as Hugging Face exports it (model.onnx or onnx/model.onnx, ' +
        'tokenizer.json, optional tokenizer_config.json and config.json); nothing is downloaded',
    )
    .option('--dims <n>', `LSA dimensions with --encoder lsa (default ${defaultSvdOptions.dims})`)
    .option('--out-predictions <file>', 'write each evaluated row: text, label, predicted, confidence (CSV)')
    .option('--json', 'print the report as JSON')
    .action(async (o: TrainCliOptions) => {
      const json = Boolean(o.json);
      try {
        const started = performance.now();
        const startedAt = Date.now();
        if (o.test !== undefined && o.split !== undefined)
          throw new AppError('invalid_request', 'give --test or --split, not both');
        if (o.encoder === 'onnx' && o.encoderPath === undefined)
          throw new AppError(
            'invalid_request',
            '--encoder onnx needs --encoder-path DIR (a folder with model.onnx)',
          );
        if (o.encoder !== 'onnx' && o.encoderPath !== undefined)
          throw new AppError('invalid_request', '--encoder-path goes with --encoder onnx');
        const read = (file: string) =>
          loadTextData(file, {
            format: o.format ?? formatOf(file),
            ...(o.sep !== undefined ? { sep: o.sep } : {}),
            header: o.header,
            textCol: o.textCol,
            labelCol: o.labelCol,
          });
        const data = read(o.data);
        const split: TextSplit =
          o.test !== undefined
            ? { kind: 'test', test: read(o.test) }
            : { kind: 'split', spec: parseSplit(o.split ?? `cv:5:${o.seed}`) };
        if (split.kind === 'split' && !['cv', 'folds'].includes(split.spec.kind))
          throw new AppError('invalid_split', '--split takes cv:K:SEED or folds:PATH');
        const c = positive(o.c, '--c');
        const threads = positive(o.threads, '--threads', true);
        const choice = modelChoice(o);
        const options: TextTrainOptions = {
          ...defaultTextTrainOptions,
          model: choice,
          seed: o.seed,
          ...(threads !== undefined ? { threads } : {}),
          svm: { ...defaultTextTrainOptions.svm, ...(c !== undefined ? { c } : {}) },
          logreg: { ...defaultTextTrainOptions.logreg, ...(c !== undefined ? { c } : {}) },
          outOfScopeLabel: o.oosLabel ?? null,
        };
        if (!json)
          note(`${path.basename(o.data)}: ${data.texts.length} texts, ${new Set(data.labels).size} labels`);
        const progress = createProgress('evaluating', 1, { enabled: !json && Boolean(process.stderr.isTTY) });
        const onRound = (done: number, total: number) => progress.update(done, total);
        let evaluation: TextEvaluation;
        try {
          const head = {
            svm: options.svm,
            seed: options.seed,
            ...(threads !== undefined ? { threads } : {}),
          };
          if (o.encoder === 'lsa') {
            const dims = positive(o.dims, '--dims', true) ?? defaultSvdOptions.dims;
            evaluation = await evaluateTexts(
              data,
              split,
              encoderHeadTrainer(lsaEncoder({ ...defaultSvdOptions, dims, seed: o.seed }), head),
              onRound,
            );
          } else if (o.encoder === 'onnx') {
            const encoder = onnxEncoder(o.encoderPath as string, threads !== undefined ? { threads } : {});
            try {
              evaluation = await evaluateTexts(data, split, encoderHeadTrainer(encoder, head), onRound);
            } finally {
              await encoder.close();
            }
          } else if (o.encoder === 'remote')
            evaluation = await withRuntime(async (rt) => {
              const llm = rt.llm;
              if (llm === null)
                throw new AppError(
                  'llm_not_configured',
                  'Set RAPPORT_LLM_BASE_URL and RAPPORT_LLM_MODEL (and RAPPORT_LLM_EMBEDDING_MODEL) to use --encoder remote.',
                );
              const embed = async (texts: readonly string[]) => {
                const r = await llm.embed(texts, null, new AbortController().signal);
                if (r.kind !== 'ok')
                  throw new AppError(
                    'embedding_failed',
                    `${r.kind} (${r.reason}): ${'message' in r ? r.message : r.issues.join('; ')}`,
                  );
                return r.vectors;
              };
              const name = llm.provider.embeddingModel ?? llm.provider.model;
              return evaluateTexts(
                data,
                split,
                encoderHeadTrainer(remoteEncoder(name, embed), head),
                onRound,
              );
            });
          else evaluation = await evaluateTextClassifier(data, split, options, onRound);
        } finally {
          progress.stop();
        }
        if (o.outPredictions !== undefined) writePredictions(o.outPredictions, evaluation);
        if (o.encoder !== 'tfidf') {
          const s = evaluation.summary;
          const report = {
            task: o.task,
            encoder: o.encoder,
            ...(o.encoderPath !== undefined ? { encoderPath: path.resolve(o.encoderPath) } : {}),
            model: evaluation.folds[0]?.kind ?? null,
            accuracy: s.accuracy,
            macroF1: s.macroF1,
            trainSeconds: s.trainSeconds,
            folds: evaluation.folds,
            registration: null,
            note: 'encoder heads are evaluated only: registering and serving them is not done yet',
            seconds: (performance.now() - started) / 1000,
          };
          if (json) return printJson(report);
          printLine(
            `${o.task}, ${report.model}: accuracy ${pct(s.accuracy.mean)}, macro-F1 ${pct(s.macroF1.mean)}, ` +
              `training ${s.trainSeconds.mean.toFixed(2)} s (${report.note})`,
          );
          return;
        }
        let model = evaluation.model;
        let finalSeconds = evaluation.summary.trainSeconds.mean;
        if (model === null) {
          if (!json) note('training the final model on all the data…');
          const trained = await trainTextClassifier(data.texts, data.labels, options);
          model = trained.model;
          finalSeconds = trained.report.seconds;
        }
        const name = o.name ?? `text_${o.task}`;
        const registration = o.save
          ? await withRuntime((rt) =>
              rt.models.register(
                textModelCandidate(name, model, evaluation, {
                  task: o.task,
                  choice: modelChoice(o),
                  data: path.basename(o.data),
                  seed: o.seed,
                  seconds: finalSeconds,
                  window: { from: startedAt, to: startedAt, asOf: startedAt },
                }),
                { actor: 'cli' },
              ),
            )
          : null;
        const s = evaluation.summary;
        const report = {
          task: o.task,
          data: { file: o.data, rows: data.texts.length, labels: evaluation.labels.length },
          split:
            split.kind === 'test'
              ? { test: o.test, rows: split.test.texts.length }
              : (o.split ?? `cv:5:${o.seed}`),
          model: model.kind,
          accuracy: s.accuracy,
          macroF1: s.macroF1,
          trainSeconds: s.trainSeconds,
          folds: evaluation.folds,
          temperature: model.temperature,
          outOfScope: model.outOfScope,
          registration: registration && {
            id: registration.model.id,
            name: registration.model.name,
            version: registration.model.version,
            status: registration.model.status,
            promoted: registration.promoted,
            reason: registration.reason,
          },
          seconds: (performance.now() - started) / 1000,
        };
        if (json) return printJson(report);
        const pm = (m: { mean: number; sd: number }) =>
          evaluation.folds.length > 1 ? `${pct(m.mean)} ± ${pct(m.sd)}` : pct(m.mean);
        printLine(
          table([
            ['round', 'model', 'train rows', 'test rows', 'accuracy', 'macro-F1', 'train s'],
            ...evaluation.folds.map((f) => [
              String(f.fold),
              f.kind,
              f.trainRows,
              f.testRows,
              pct(f.accuracy),
              pct(f.macroF1),
              f.trainSeconds.toFixed(2),
            ]),
          ]),
        );
        printLine(
          `\n${o.task}: accuracy ${pm(s.accuracy)}, macro-F1 ${pm(s.macroF1)}, training ${s.trainSeconds.mean.toFixed(2)} s`,
        );
        if (registration)
          printLine(
            `${registration.model.name} v${registration.model.version} (${registration.model.id}): ` +
              `${registration.promoted ? 'promoted' : 'kept as a candidate'}: ${registration.reason}`,
          );
      } catch (error) {
        failAndExit(error, json);
      }
    });
}

interface PredictCliOptions {
  model: string;
  top: string;
  json?: boolean;
}

function predictCommand(): Command {
  return new Command('predict')
    .description(
      'Classify texts with a registered text model: label, calibrated confidence, out-of-scope flag and the words that drove it',
    )
    .argument('<texts...>', 'one or more texts')
    .addOption(
      new Option(
        '--model <ref>',
        'model id, name@version, or name (its active version)',
      ).makeOptionMandatory(),
    )
    .option('--top <n>', 'classes to list per text', '3')
    .option('--json', 'print JSON')
    .action(async (texts: string[], o: PredictCliOptions) => {
      const json = Boolean(o.json);
      try {
        const top = positive(o.top, '--top', true) ?? 3;
        const { version, model } = await withRuntime(async (rt) => {
          const v = await rt.models.resolve(o.model);
          if (!v.modelType.startsWith('text_'))
            throw new AppError(
              'invalid_request',
              `${v.name} v${v.version} is a ${v.modelType} model, not a text model`,
            );
          return { version: v, model: parseTextModelArtifact(await rt.stores.models.artifact(v.id)) };
        });
        const predictions = predictTexts(model, texts, top).map((p, i) => ({
          text: texts[i] as string,
          ...p,
          words: explainText(model, texts[i] as string, p.label, 8),
        }));
        if (json)
          return printJson({
            model: { id: version.id, name: version.name, version: version.version },
            predictions,
          });
        for (const p of predictions) {
          printLine(
            `${p.text}\n  → ${p.label} (${pct(p.confidence)})${p.outOfScope ? '  [out of scope]' : ''}`,
          );
          printLine(
            `  also: ${
              p.top
                .slice(1)
                .map((t) => `${t.label} ${pct(t.probability)}`)
                .join(', ') || '—'
            }`,
          );
          printLine(
            `  words: ${p.words.map((w) => `${w.text} ${w.weight >= 0 ? '+' : ''}${w.weight.toFixed(2)}`).join(', ')}`,
          );
        }
      } catch (error) {
        failAndExit(error, json);
      }
    });
}

export function textCommand(): Command {
  return new Command('text')
    .description('The built-in text engine: intent and sentiment classifiers')
    .addCommand(trainCommand())
    .addCommand(predictCommand());
}
