import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from './program.js';

/** Every command that does something (no subcommands of its own), with its path. */
function leaves(command: Command, path: string[] = []): { path: string[]; command: Command }[] {
  if (command.commands.length === 0) return [{ path, command }];
  return command.commands.flatMap((c) => leaves(c, [...path, c.name()]));
}

// Commands whose output is a long-running server or a URL for a person, not data.
const noJson = new Set(['serve', 'login']);

describe('the rapport CLI', () => {
  const all = leaves(buildProgram());

  it('has the commands of every stage built so far', () => {
    const names = all.map((l) => l.path.join(' '));
    for (const expected of [
      'demo',
      'import',
      'profiles build',
      'profiles show',
      'rfm export',
      'segments discover',
      'models list',
      'models show',
      'models promote',
      'models rollback',
      'ml eval',
      'train propensity',
      'train churn',
      'train clv',
      'pipeline run',
    ])
      expect(names).toContain(expected);
  });

  it('gives every command a description, --help and --json', () => {
    for (const { path, command } of all) {
      const name = path.join(' ');
      expect(command.description(), name).not.toBe('');
      expect(command.helpInformation(), name).toMatch(/--help/);
      if (!noJson.has(name))
        expect(
          command.options.map((o) => o.long),
          name,
        ).toContain('--json');
    }
  });
});
