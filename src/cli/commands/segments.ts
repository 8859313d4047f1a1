import fs from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { discoverClusters, type ProfileRecord, type SegmentRecord } from '../../profiles/index.js';
import { AppError, createRng } from '../../shared/index.js';
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
  const segments = new Command('segments').description(
    'Rule segments and discovered clusters over customer profiles',
  );

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
  segments
    .command('discover')
    .description(
      'Cluster customers by their profile features (k-means, k by silhouette unless given), name each cluster, and optionally save them as segments',
    )
    .option('--k <k>', 'number of clusters (2–20); chosen by silhouette over 2–8 when omitted', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 2 || n > 20) throw new InvalidArgumentError('an integer from 2 to 20');
      return n;
    })
    .option('--seed <seed>', 'random seed (same seed and data, same clusters)', '42')
    .option('--save', 'save each cluster as a segment named "<prefix><cluster name>"')
    .option('--prefix <prefix>', 'name prefix of saved cluster segments', 'Cluster: ')
    .option('--json', 'print JSON on stdout')
    .action(async (opts: { k?: number; seed: string; save?: boolean; prefix: string; json?: boolean }) => {
      try {
        const result = await withRuntime(async (rt) => {
          const profiles: ProfileRecord[] = [];
          let afterId: string | undefined;
          for (;;) {
            const page = await rt.profiles.list({
              limit: 1_000,
              ...(afterId !== undefined ? { afterId } : {}),
            });
            profiles.push(...page);
            if (page.length < 1_000) break;
            afterId = page[page.length - 1]?.customerId;
          }
          if (profiles.length < 3)
            throw new AppError(
              'invalid_request',
              'Clustering needs at least 3 profiles: run `rapport profiles build` first.',
            );
          const found = discoverClusters(
            profiles,
            createRng(opts.seed),
            opts.k === undefined ? {} : { k: opts.k },
          );
          const saved: SegmentRecord[] = [];
          if (opts.save)
            for (const c of found.clusters)
              saved.push(
                await rt.segments.saveFixed({
                  name: `${opts.prefix}${c.name}`,
                  description: c.features
                    .map((f) => `${f.feature} ${f.direction} (${f.effect.toFixed(2)} sd)`)
                    .join(', '),
                  kind: 'cluster',
                  definition: { model: found.model, cluster: c.cluster, silhouette: found.silhouette },
                  members: c.members,
                }),
              );
          return { found, saved };
        });
        const { found, saved } = result;
        const out = {
          k: found.k,
          silhouette: found.silhouette,
          candidates: found.candidates,
          profiles: found.profiles,
          features: found.features,
          explainedVariance: found.explainedVariance,
          clusters: found.clusters.map(({ members: _m, ...c }) => c),
          saved: saved.map((s) => ({ id: s.id, name: s.name, memberCount: s.memberCount })),
        };
        if (opts.json) printJson(out);
        else {
          printLine(
            `k = ${found.k} (silhouette ${found.silhouette.toFixed(3)}) over ${found.profiles} profiles`,
          );
          printLine(
            table([
              ['cluster', 'name', 'size', 'share', 'most distinctive'],
              ...found.clusters.map((c) => [
                c.cluster,
                c.name,
                c.size,
                `${(c.share * 100).toFixed(1)} %`,
                c.features
                  .map((f) => `${f.feature} ${f.effect > 0 ? '+' : ''}${f.effect.toFixed(2)}`)
                  .join(', '),
              ]),
            ]),
          );
          for (const s of saved) printLine(`saved ${s.id} ${s.name} (${s.memberCount})`);
        }
      } catch (error) {
        failAndExit(error, Boolean(opts.json));
      }
    });
  return segments;
}
