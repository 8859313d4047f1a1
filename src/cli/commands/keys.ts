import { Command, Option } from 'commander';
import type { KeyScope } from '../../access/index.js';
import { withRuntime } from '../context.js';
import { failAndExit, printJson, printLine, table } from '../output.js';

export function keysCommand(): Command {
  const keys = new Command('keys').description('Create, list and revoke API keys');

  keys
    .command('create')
    .description('Create a key and print its secret (shown once; stored hashed)')
    .addOption(
      new Option('--scope <scope>', 'write (ingest only), read (PII masked) or admin')
        .choices(['write', 'read', 'admin'])
        .makeOptionMandatory(),
    )
    .option('--name <name>', 'a label to recognise the key by')
    .option('--json', 'print JSON on stdout')
    .action(async (opts: { scope: KeyScope; name?: string; json?: boolean }) => {
      try {
        const created = await withRuntime((rt) =>
          rt.access.createKey({ scope: opts.scope, name: opts.name ?? null }),
        );
        if (opts.json)
          printJson({
            key: created.key,
            scope: created.record.scope,
            id: created.record.id,
            name: created.record.name,
          });
        else
          printLine(
            `${created.key}\n(scope ${created.record.scope}, id ${created.record.id}; store it now, it is not shown again)`,
          );
      } catch (error) {
        failAndExit(error, Boolean(opts.json));
      }
    });

  keys
    .command('list')
    .description('List keys (never their secrets)')
    .option('--json', 'print JSON on stdout')
    .action(async (opts: { json?: boolean }) => {
      try {
        const list = await withRuntime((rt) => rt.access.listKeys());
        const rows = list.map((k) => ({
          id: k.id,
          name: k.name,
          scope: k.scope,
          prefix: k.prefix,
          createdAt: new Date(k.createdAt).toISOString(),
          revokedAt: k.revokedAt === null ? null : new Date(k.revokedAt).toISOString(),
        }));
        if (opts.json) printJson({ keys: rows });
        else
          printLine(
            table([
              ['id', 'name', 'scope', 'prefix', 'created', 'revoked'],
              ...rows.map((r) => [
                r.id,
                r.name ?? '',
                r.scope,
                `${r.prefix}…`,
                r.createdAt,
                r.revokedAt ?? '',
              ]),
            ]),
          );
      } catch (error) {
        failAndExit(error, Boolean(opts.json));
      }
    });

  keys
    .command('revoke')
    .description('Revoke a key by id; requests with it fail within 5 seconds')
    .argument('<id>', 'the key id (key_…)')
    .option('--json', 'print JSON on stdout')
    .action(async (id: string, opts: { json?: boolean }) => {
      try {
        await withRuntime((rt) => rt.access.revokeKey(id));
        if (opts.json) printJson({ revoked: id });
        else printLine(`revoked ${id}`);
      } catch (error) {
        failAndExit(error, Boolean(opts.json));
      }
    });
  return keys;
}
