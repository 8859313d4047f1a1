import fs from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import type { SegmentRecord } from '../../profiles/index.js';
import { AppError } from '../../shared/index.js';
import { withRuntime } from '../context.js';
import { failAndExit, printJson, printLine, table } from '../output.js';

/** The file's JSON: `{ "name", "description"?, "rule" }`, or a bare rule (which has no `rule` key). */
function readSegmentFile(file: string): { definition: Record<string, unknown> | null; rule: unknown } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new AppError('invalid_segment_file', `Cannot read ${file}: ${(error as Error).message}`, { file });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AppError('invalid_segment_file', `${file} is not JSON: ${(error as Error).message}`, { file });
  }
  if (typeof json === 'object' && json !== null && !Array.isArray(json) && Object.hasOwn(json, 'rule')) {
    const definition = json as Record<string, unknown>;
    return { definition, rule: definition.rule };
  }
  return { definition: null, rule: json };
}

function summary(s: SegmentRecord) {
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    kind: s.kind,
    memberCount: s.memberCount,
    refreshedAt: s.refreshedAt === null ? null : new Date(s.refreshedAt).toISOString(),
    rule: s.rule,
  };
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new InvalidArgumentError('an integer from 1 to 100');
  return n;
}

export function segmentsCommand(): Command {
  const segments = new Command('segments').description('Rule segments over customer profiles');

  segments
    .command('create')
    .description('Create a segment from a JSON file and compute its members')
    .requiredOption('--file <file>', 'JSON: { "name", "description"?, "rule" }, or a bare rule with --name')
    .option('--name <name>', 'the segment name (overrides the file)')
    .option('--json', 'print JSON on stdout')
    .action(async (opts: { file: string; name?: string; json?: boolean }) => {
      try {
        const { definition, rule } = readSegmentFile(opts.file);
        const name = opts.name ?? definition?.name;
        if (name === undefined)
          throw new AppError(
            'invalid_segment_file',
            `${opts.file} holds a bare rule: give the name with --name.`,
            {
              file: opts.file,
            },
          );
        const created = await withRuntime((rt) => rt.segments.create({ ...definition, name, rule }));
        if (opts.json) printJson({ segment: summary(created) });
        else printLine(`created ${created.id} "${created.name}": ${created.memberCount} members`);
      } catch (error) {
        failAndExit(error, Boolean(opts.json));
      }
    });

  segments
    .command('preview')
    .description('Count the profiles a rule matches now and show a sample; nothing is stored')
    .requiredOption('--file <file>', 'JSON: a rule, or { "name", "rule" }')
    .option('--limit <n>', 'sample size (1 to 100)', positiveInt, 10)
    .option('--json', 'print JSON on stdout')
    .action(async (opts: { file: string; limit: number; json?: boolean }) => {
      try {
        const { rule } = readSegmentFile(opts.file);
        const preview = await withRuntime((rt) => rt.segments.preview(rule, { limit: opts.limit }));
        if (opts.json) printJson(preview);
        else {
          printLine(`${preview.count} profiles match`);
          for (const id of preview.sample) printLine(`  ${id}`);
        }
      } catch (error) {
        failAndExit(error, Boolean(opts.json));
      }
    });

  segments
    .command('list')
    .description('List segments with their member counts')
    .option('--json', 'print JSON on stdout')
    .action(async (opts: { json?: boolean }) => {
      try {
        const all = await withRuntime(async (rt) => {
          const out: SegmentRecord[] = [];
          for (;;) {
            const last = out[out.length - 1];
            const page = await rt.segments.list({ limit: 500, ...(last ? { afterId: last.id } : {}) });
            out.push(...page);
            if (page.length < 500) return out;
          }
        });
        if (opts.json) printJson({ segments: all.map(summary) });
        else if (all.length === 0) printLine('no segments');
        else
          printLine(
            table([
              ['id', 'name', 'kind', 'members', 'refreshed'],
              ...all.map((s) => {
                const row = summary(s);
                return [row.id, row.name, row.kind, row.memberCount, row.refreshedAt ?? 'never'];
              }),
            ]),
          );
      } catch (error) {
        failAndExit(error, Boolean(opts.json));
      }
    });

  segments
    .command('refresh')
    .description('Recompute the members of one segment, or of every rule segment')
    .argument('[id]', 'the segment id (seg_…); all rule segments when omitted')
    .option('--json', 'print JSON on stdout')
    .action(async (id: string | undefined, opts: { json?: boolean }) => {
      try {
        const results = await withRuntime(async (rt) => {
          if (id === undefined) return rt.segments.refreshAll();
          const segment = await rt.segments.get(id);
          return [{ id, name: segment.name, ...(await rt.segments.refresh(id)) }];
        });
        if (opts.json) printJson({ refreshed: results });
        else if (results.length === 0) printLine('no rule segments');
        else
          printLine(
            table([
              ['id', 'name', 'added', 'removed', 'members'],
              ...results.map((r) => [r.id, r.name, r.added, r.removed, r.size]),
            ]),
          );
      } catch (error) {
        failAndExit(error, Boolean(opts.json));
      }
    });
  return segments;
}
