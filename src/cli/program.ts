import { Command } from 'commander';
import { packageVersion } from '../server/index.js';
import { demoCommand } from './commands/demo.js';
import { importCommand } from './commands/import.js';
import { keysCommand } from './commands/keys.js';
import { migrateCommand } from './commands/migrate.js';
import { modelsCommand } from './commands/models.js';
import { prepCommand } from './commands/prep.js';
import { pipelineCommand } from './commands/pipeline.js';
import { profilesCommand } from './commands/profiles.js';
import { mlCommand } from './commands/ml.js';
import { recommendCommand } from './commands/recommend.js';
import { trainCommand } from './commands/train.js';
import { rfmCommand } from './commands/rfm.js';
import { segmentsCommand } from './commands/segments.js';
import { llmCommand } from './commands/llm.js';
import { textCommand } from './commands/text.js';
import { loginCommand, serveCommand } from './commands/serve.js';

/** Every command of the CLI (src/cli/main.ts runs it). */
export function buildProgram(): Command {
  const program = new Command('rapport')
    .description(
      'Rapport: self-hosted personalized marketing. Configuration comes from RAPPORT_* environment variables (see README).',
    )
    .version(packageVersion())
    .showHelpAfterError()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  program.addCommand(demoCommand());
  program.addCommand(importCommand());
  program.addCommand(serveCommand());
  program.addCommand(loginCommand());
  program.addCommand(keysCommand());
  program.addCommand(migrateCommand());
  program.addCommand(profilesCommand());
  program.addCommand(prepCommand());
  program.addCommand(rfmCommand());
  program.addCommand(mlCommand());
  program.addCommand(recommendCommand());
  program.addCommand(trainCommand());
  program.addCommand(segmentsCommand());
  program.addCommand(modelsCommand());
  program.addCommand(pipelineCommand());
  program.addCommand(textCommand());
  program.addCommand(llmCommand());
  return program;
}
