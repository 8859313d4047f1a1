import { Command } from 'commander';
import { presentProfile, type BuildStage } from '../../profiles/index.js';
import { AppError } from '../../shared/index.js';
import { withRuntime } from '../context.js';
import { parseDayOption } from '../options.js';
import { failAndExit, note, printJson, printLine, table } from '../output.js';
import { createProgress } from '../progress.js';

export function profilesCommand(): Command {
  const profiles = new Command('profiles').description('Build and inspect customer profiles');

  profiles
    .command('build')
    .description(
      'Rebuild every profile: resolve identities, replay events, add orders and reviews, compute features, computed traits and RFM',
    )
    .option(
      '--as-of <date>',
      'compute as of this UTC day (YYYY-MM-DD); default: now (RFM: the day after the last order)',
    )
    .option('--json', 'print JSON on stdout')
    .action(async (opts: { asOf?: string; json?: boolean }) => {
      try {
        const asOf = opts.asOf === undefined ? undefined : parseDayOption(opts.asOf);
        const summary = await withRuntime(async (rt) => {
          const total = await rt.stores.events.count();
          const bar = createProgress('profiles', total, {
            format: 'profiles     [{bar}] {percentage}% | {stage} {value}/{total} | ETA {eta_formatted}',
          });
          const onProgress = (stage: BuildStage, done: number) =>
            bar.update(stage === 'events' ? done : Math.min(done, total), undefined, { stage });
          try {
            return await rt.profiles.build({ ...(asOf === undefined ? {} : { asOf }), onProgress });
          } finally {
            bar.stop();
          }
        });
        const out = {
          ...summary,
          asOf: new Date(summary.asOf).toISOString(),
          rfmAsOf: summary.rfmAsOf === null ? null : new Date(summary.rfmAsOf).toISOString().slice(0, 10),
        };
        if (opts.json) printJson(out);
        else
          printLine(
            table([
              ['profiles', summary.profiles],
              ['identities', summary.identities],
              ['merges', summary.merges],
              ['conflicts refused', summary.conflicts],
              ['events', summary.events],
              ['orders', summary.orders],
              ['stale profiles removed', summary.removed],
              ['threads', summary.parts],
              ['as of', out.asOf],
              ['RFM as of', out.rfmAsOf ?? '(no orders)'],
              ['seconds', summary.seconds],
            ]),
          );
      } catch (error) {
        failAndExit(error, Boolean(opts.json));
      }
    });

  profiles
    .command('show')
    .description('Show one profile by customer id, userId or anonymousId (or --email)')
    .argument('[id]', 'cus_…, a userId or an anonymousId')
    .option('--email <email>', 'find the profile by email (through the keyed hash)')
    .option('--reveal', 'show PII in clear (it is masked otherwise)')
    .option('--json', 'print JSON on stdout')
    .action(async (id: string | undefined, opts: { email?: string; reveal?: boolean; json?: boolean }) => {
      try {
        if (id === undefined && opts.email === undefined)
          throw new AppError('invalid_request', 'Give an id or --email.');
        const shown = await withRuntime(async (rt) => {
          const profile =
            opts.email !== undefined
              ? await rt.profiles.findByEmail(opts.email)
              : await rt.profiles.find(id as string);
          if (!profile) throw new AppError('profile_not_found');
          const merges = await rt.profiles.merges(profile.customerId);
          return presentProfile(profile, { cipher: rt.cipher, reveal: Boolean(opts.reveal), merges });
        });
        if (opts.json) printJson(shown);
        else {
          printLine(JSON.stringify(shown, null, 2));
          if (!opts.reveal) note('(PII masked; --reveal shows it)');
        }
      } catch (error) {
        failAndExit(error, Boolean(opts.json));
      }
    });

  return profiles;
}
