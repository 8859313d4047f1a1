import path from 'node:path';
import { Command, Option } from 'commander';
import {
  buildTask,
  buildValidationTask,
  evaluateWithSelection,
  loadInteractions,
  MODEL_NAMES,
  onlineRetailTasks,
  parseRecommendSplit,
  type ModelName,
  type TaskReport,
  type TaskWithValidation,
} from '../../recommend/index.js';
import { AppError } from '../../shared/index.js';
import { withRuntime } from '../context.js';
import { failAndExit, note, printJson, printLine, table } from '../output.js';
import { createProgress } from '../progress.js';

interface EvalCliOptions {
  interactions: string;
  format: 'csv' | 'tsv';
  sep?: string;
  header: boolean;
  userCol?: string;
  itemCol?: string;
  timeCol?: string;
  split?: string;
  excludeSeen?: string;
  k: string;
  models?: string;
  preset?: 'online-retail';
  seed: string;
  json?: boolean;
}

const fixed = (x: number) => x.toFixed(4);

function parseModels(text: string): ModelName[] {
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = names.filter((n) => !(MODEL_NAMES as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0)
    throw new AppError(
      'invalid_request',
      `--models: ${unknown.length > 0 ? `unknown ${unknown.join(', ')}` : 'none given'}; choose from ${MODEL_NAMES.join(', ')}`,
    );
  return [...new Set(names)] as ModelName[];
}

function parseK(text: string): number {
  const k = Number(text);
  if (!Number.isInteger(k) || k < 1 || k > 1000)
    throw new AppError('invalid_request', '--k must be an integer from 1 to 1000');
  return k;
}

function parseBool(text: string | undefined, name: string): boolean | undefined {
  if (text === undefined) return undefined;
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new AppError('invalid_request', `${name} must be true or false`);
}

/** The tasks a command line asks for: the Online Retail preset's two, or one from a generic interactions file. */
function tasksOf(o: EvalCliOptions): { tasks: TaskWithValidation[]; rows: number } {
  if (o.preset === 'online-retail') {
    const clash = [
      ['--split', o.split],
      ['--user-col', o.userCol],
      ['--item-col', o.itemCol],
      ['--time-col', o.timeCol],
      ['--sep', o.sep],
      ['--format tsv', o.format === 'tsv' ? 'tsv' : undefined],
      ['--no-header', o.header === false ? 'no' : undefined],
    ].filter(([, v]) => v !== undefined);
    if (clash.length > 0)
      throw new AppError(
        'invalid_request',
        `--preset online-retail fixes the layout and split (P5): leave out ${clash.map(([n]) => n).join(', ')}`,
      );
    const { tasks, rows } = onlineRetailTasks(o.interactions);
    const exclude = parseBool(o.excludeSeen, '--exclude-seen');
    return {
      tasks: exclude === undefined ? tasks : tasks.filter((t) => t.task.excludeSeen === exclude),
      rows: rows.kept,
    };
  }
  if (!o.userCol || !o.itemCol)
    throw new AppError(
      'invalid_request',
      '--user-col and --item-col are required (or --preset online-retail)',
    );
  const sep = o.sep ?? (o.format === 'tsv' ? '\t' : ',');
  const loaded = loadInteractions(o.interactions, {
    sep: sep === '\\t' ? '\t' : sep,
    header: o.header,
    userCol: o.userCol,
    itemCol: o.itemCol,
    ...(o.timeCol ? { timeCol: o.timeCol } : {}),
  });
  const split = parseRecommendSplit(o.split ?? `random:0.8:${o.seed}`);
  const excludeSeen = parseBool(o.excludeSeen, '--exclude-seen') ?? true;
  const rows = { users: loaded.users, items: loaded.items, times: loaded.times };
  return {
    tasks: [
      {
        task: buildTask(rows, split, { excludeSeen, name: `${split.kind}-split` }),
        validation: buildValidationTask(rows, split, { excludeSeen, seed: o.seed }),
      },
    ],
    rows: loaded.users.length,
  };
}

function printTask(report: TaskReport, k: number): void {
  printLine(`${report.task}: ${report.users} users, ${report.items} items (metrics at ${k})`);
  printLine(
    table([
      ['model', 'Recall', 'NDCG', 'HR', 'Precision', 'MRR', 'Coverage', 'train s', 'chosen on validation'],
      ...report.results.map((r) => [
        r.model,
        fixed(r.metrics.recall),
        fixed(r.metrics.ndcg),
        fixed(r.metrics.hr),
        fixed(r.metrics.precision),
        fixed(r.metrics.mrr),
        fixed(r.metrics.coverage),
        r.trainSeconds.toFixed(2),
        r.chosen ?? '',
      ]),
    ]),
  );
  printLine();
}

export function recommendCommand(): Command {
  const recommend = new Command('recommend').description(
    'Product recommendation: offline evaluation, and the lists the API serves',
  );

  recommend
    .command('eval')
    .description(
      'Evaluate recommenders offline on interaction data (protocols P4 and P5): recall, NDCG, hit rate, precision, MRR and coverage at K, and training time',
    )
    .addOption(
      new Option(
        '--interactions <file>',
        'delimited text of user–item interactions (.gz allowed)',
      ).makeOptionMandatory(),
    )
    .addOption(new Option('--format <format>', 'field layout').choices(['csv', 'tsv']).default('csv'))
    .option('--sep <char>', 'field separator (default: , for csv, tab for tsv)')
    .option('--no-header', 'the file has no header row (name columns by 0-based position)')
    .option('--user-col <column>', 'the user column')
    .option('--item-col <column>', 'the item column')
    .option(
      '--time-col <column>',
      'the time column (ISO 8601 or epoch), for temporal splits and popularity windows',
    )
    .option(
      '--split <spec>',
      'random:FRACTION:SEED (per user, that share of their distinct items trains) | temporal:YYYY-MM-DD | file:PATH (0 train, 1 test per row)',
    )
    .option('--exclude-seen <bool>', "leave users' training items out of candidates and targets (true|false)")
    .option('--k <k>', 'cut-off of the metrics', '10')
    .option(
      '--models <list>',
      `comma-separated: ${MODEL_NAMES.join(', ')} (default: all; content only where items have text, as with --preset online-retail)`,
    )
    .addOption(
      new Option(
        '--preset <name>',
        'a known raw layout: online-retail (UCI Online Retail II: P5 cleaning, split at 2010-10-01, tasks repeat-allowed and new-items)',
      ).choices(['online-retail']),
    )
    .option('--seed <seed>', 'seed of random splits and of ALS', '0')
    .option('--json', 'print the full report as JSON')
    .action((o: EvalCliOptions) => {
      const json = Boolean(o.json);
      try {
        const k = parseK(o.k);
        const started = Date.now();
        const { tasks, rows } = tasksOf(o);
        const hasText = tasks.every((t) => t.task.train.itemText !== undefined);
        const models = parseModels(
          o.models ?? MODEL_NAMES.filter((m) => hasText || m !== 'content').join(','),
        );
        if (models.includes('content') && !hasText)
          throw new AppError(
            'invalid_request',
            'the content model needs item text, which only --preset online-retail provides (Description)',
          );
        if (!json) note(`${path.basename(o.interactions)}: ${rows} interactions, ${tasks.length} task(s)`);
        const progress = createProgress('models', tasks.length * models.length, {
          enabled: !json && Boolean(process.stderr.isTTY),
        });
        const reports: TaskReport[] = [];
        try {
          tasks.forEach((t, i) => {
            const before = i * models.length;
            reports.push(
              evaluateWithSelection(t, models, {
                k,
                seed: o.seed,
                onModel: (done) => progress.update(before + done, tasks.length * models.length),
              }),
            );
          });
        } finally {
          progress.stop();
        }
        if (json)
          printJson({
            file: o.interactions,
            preset: o.preset ?? null,
            split: o.preset ? 'temporal:2010-10-01' : (o.split ?? `random:0.8:${o.seed}`),
            k,
            seed: o.seed,
            seconds: (Date.now() - started) / 1000,
            tasks: reports,
          });
        else for (const r of reports) printTask(r, k);
      } catch (error) {
        failAndExit(error, json);
      }
    });

  recommend
    .command('show')
    .description(
      "One customer's recommendations from the active recommender, each with its reason, and the history they come from",
    )
    .argument('<id>', 'customer id, userId or anonymousId')
    .option('--k <n>', 'how many items, 1..100 (default 10)')
    .option('--category <list>', 'only these categories (comma-separated)')
    .option('--price <band>', 'price band: MIN..MAX, MIN.. or ..MAX')
    .option('--exclude <list>', 'comma-separated: purchased, out_of_stock, item:<id>')
    .option('--diversity <d>', '0..1: trade relevance for variety')
    .option('--slot <name>', 'a placement from the rules file')
    .option('--json', 'print JSON on stdout')
    .action(async (id: string, opts: Record<string, string | boolean | undefined>) => {
      const json = Boolean(opts.json);
      try {
        const query = Object.fromEntries(
          ['k', 'category', 'price', 'exclude', 'diversity', 'slot'].flatMap((key) =>
            typeof opts[key] === 'string' ? [[key, opts[key]]] : [],
          ),
        );
        const list = await withRuntime((rt) => rt.recommendations.recommend(id, query));
        if (json) return printJson(list);
        note(
          `${list.customerId}: ${list.strategy.replace('_', ' ')}, from ${list.model.name} v${list.model.version} (${list.model.type})`,
        );
        printLine(
          table([
            ['#', 'product', 'category', 'price', 'score', 'why'],
            ...list.items.map((item, i) => [
              i + 1,
              `${item.name ?? ''} (${item.id})`,
              item.category ?? '',
              item.price ?? '',
              item.score.toFixed(3),
              item.reason.text,
            ]),
          ]),
        );
      } catch (error) {
        failAndExit(error, json);
      }
    });

  recommend
    .command('similar')
    .description('Products bought together with one product, then same-category best sellers')
    .argument('<item>', 'product id')
    .option('--k <n>', 'how many items, 1..100 (default 10)')
    .option('--json', 'print JSON on stdout')
    .action(async (item: string, opts: { k?: string; json?: boolean }) => {
      const json = Boolean(opts.json);
      try {
        const similar = await withRuntime((rt) =>
          rt.recommendations.similar(item, opts.k === undefined ? {} : { k: opts.k }),
        );
        if (json) return printJson(similar);
        printLine(
          table([
            ['product', 'category', 'price', 'similarity', 'basis'],
            ...similar.items.map((x) => [
              `${x.name ?? ''} (${x.id})`,
              x.category ?? '',
              x.price ?? '',
              x.similarity.toFixed(3),
              x.basis.replace('_', ' '),
            ]),
          ]),
        );
      } catch (error) {
        failAndExit(error, json);
      }
    });
  return recommend;
}
