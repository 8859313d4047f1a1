import { Command } from 'commander';
import { llmEngineFromConfig } from '../../adapters/index.js';
import { loadConfig } from '../../config/index.js';
import {
  llmCheckTask,
  llmPingTask,
  type ChatStreamEvent,
  type LlmEngine,
  type LlmFailure,
} from '../../llm/index.js';
import { AppError, isAppError, systemClock } from '../../shared/index.js';
import { note, printJson, printLine, table } from '../output.js';

export type Capability = 'models' | 'chat' | 'stream' | 'embeddings' | 'structured';

export interface CapabilityCheck {
  capability: Capability;
  /** A failed required capability fails the check. */
  required: boolean;
  status: 'ok' | 'failed' | 'skipped';
  ms: number | null;
  detail: string | null;
  error: { kind: LlmFailure['kind']; reason: string; message: string } | null;
}

export interface LlmCheckReport {
  baseUrl: string;
  model: string;
  embeddingModel: string | null;
  local: boolean;
  ok: boolean;
  checks: CapabilityCheck[];
}

type Probe = { detail: string } | LlmFailure;

async function timed(
  capability: Capability,
  required: boolean,
  probe: () => Promise<Probe>,
): Promise<CapabilityCheck> {
  const started = performance.now();
  const outcome = await probe();
  const ms = Math.round(performance.now() - started);
  if (!('kind' in outcome))
    return { capability, required, status: 'ok', ms, detail: outcome.detail, error: null };
  return {
    capability,
    required,
    status: 'failed',
    ms,
    detail: null,
    error: {
      kind: outcome.kind,
      reason: outcome.reason,
      message: outcome.kind === 'invalid_output' ? outcome.issues.join('; ') : outcome.message,
    },
  };
}

async function streamProbe(events: AsyncIterable<ChatStreamEvent>): Promise<Probe> {
  let deltas = 0;
  for await (const event of events) {
    if (event.type === 'delta') deltas++;
    else
      return event.result.kind === 'ok'
        ? { detail: `${deltas} deltas: ${JSON.stringify(event.result.text.trim().slice(0, 40))}` }
        : event.result;
  }
  return {
    kind: 'unavailable',
    reason: 'truncated',
    status: null,
    message: 'The stream ended without a result.',
  };
}

/** Probes each capability of the engine's provider once, in order; none throws. */
export async function runLlmCheck(engine: LlmEngine, signal: AbortSignal): Promise<CapabilityCheck[]> {
  const p = engine.provider;
  const checks: CapabilityCheck[] = [];
  // Not every server lists models (some gateways do not), so it informs but does not fail the check.
  checks.push(
    await timed('models', false, async () => {
      const r = await p.listModels(signal);
      if (r.kind !== 'ok') return r;
      return {
        detail: `${r.models.length} models; ${p.model} ${r.models.includes(p.model) ? 'listed' : 'not listed'}`,
      };
    }),
  );
  checks.push(
    await timed('chat', true, async () => {
      const r = await engine.text(llmPingTask, { values: { word: 'pong' } }, signal);
      return r.kind === 'ok'
        ? {
            detail: `${JSON.stringify(r.text.trim().slice(0, 40))}, ${r.usage.promptTokens}+${r.usage.completionTokens} tokens`,
          }
        : r;
    }),
  );
  checks.push(
    await timed('stream', true, () =>
      streamProbe(engine.stream(llmPingTask, { values: { word: 'stream' } }, signal)),
    ),
  );
  if (p.embeddingModel === null)
    checks.push({
      capability: 'embeddings',
      required: false,
      status: 'skipped',
      ms: null,
      detail: 'no RAPPORT_LLM_EMBEDDING_MODEL',
      error: null,
    });
  else
    checks.push(
      await timed('embeddings', true, async () => {
        const r = await engine.embed(['rapport connectivity check'], null, signal);
        return r.kind === 'ok' ? { detail: `${r.vectors[0]?.length ?? 0} dimensions (${r.model})` } : r;
      }),
    );
  checks.push(
    await timed('structured', true, async () => {
      const r = await engine.structured(llmCheckTask, { values: { word: 'rapport' } }, signal);
      if (r.kind !== 'ok') return r;
      return {
        detail: `valid JSON${r.repaired ? ' after one repair' : ''}; echo ${r.value.echo === 'rapport' ? 'matches' : `is ${JSON.stringify(r.value.echo)}`}`,
      };
    }),
  );
  return checks;
}

function printReport(report: LlmCheckReport): void {
  printLine(
    `LLM provider ${report.baseUrl} (model ${report.model}${report.local ? ', local' : ', external'})\n`,
  );
  printLine(
    table([
      ['capability', 'status', 'required', 'ms', 'detail'],
      ...report.checks.map((c) => [
        c.capability,
        c.status,
        c.required ? 'yes' : 'no',
        c.ms ?? '',
        c.error ? `${c.error.kind}/${c.error.reason}: ${c.error.message}` : (c.detail ?? ''),
      ]),
    ]),
  );
}

/** Reports an error the CLI way (one line on stderr, the body on stdout under --json) and sets exit code 1. */
function fail(error: AppError, json: boolean): void {
  note(`rapport: error [${error.code}] ${error.message}`);
  if (json) printJson(error.toBody());
  process.exitCode = error.code === 'internal_error' ? 70 : 1;
}

/** `rapport llm check`: is the configured LLM provider reachable, and which capabilities work. */
export function llmCommand(deps: { env?: Record<string, string | undefined> } = {}): Command {
  const llm = new Command('llm').description(
    'The LLM provider (RAPPORT_LLM_* settings; OpenAI-compatible HTTP)',
  );
  llm
    .command('check')
    .description(
      'Probe the configured provider: model list, chat, streaming, embeddings and JSON structured output, each with its latency; exit 1 when none is configured or a required capability fails',
    )
    .option('--timeout <ms>', 'give up on the whole check after this many milliseconds', '120000')
    .option('--json', 'print the report as JSON on stdout')
    .action(async (opts: { timeout: string; json?: boolean }) => {
      const json = Boolean(opts.json);
      try {
        const config = loadConfig(deps.env ?? process.env).llm;
        if (config === null) throw new AppError('llm_not_configured');
        const timeout = Number(opts.timeout);
        if (!Number.isInteger(timeout) || timeout <= 0)
          throw new AppError(
            'invalid_request',
            `--timeout must be a positive number of milliseconds, not ${JSON.stringify(opts.timeout)}`,
          );
        const engine = llmEngineFromConfig(config, {
          clock: systemClock,
          // The probes carry no customer data; nothing asks for consent.
          consent: async () => false,
          observer: { call: () => {} },
        });
        const checks = await runLlmCheck(engine, AbortSignal.timeout(timeout));
        const report: LlmCheckReport = {
          baseUrl: config.baseUrl,
          model: config.model,
          embeddingModel: config.embeddingModel,
          local: config.local,
          ok: checks.every((c) => !c.required || c.status === 'ok'),
          checks,
        };
        if (json) printJson(report);
        else printReport(report);
        if (!report.ok) {
          const failed = checks.filter((c) => c.required && c.status !== 'ok').map((c) => c.capability);
          note(`rapport: error [llm_check_failed] required capabilities failed: ${failed.join(', ')}`);
          process.exitCode = 1;
        }
      } catch (error) {
        fail(isAppError(error) ? error : new AppError('internal_error', (error as Error).message), json);
      }
    });
  return llm;
}
