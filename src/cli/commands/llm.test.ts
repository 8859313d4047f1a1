import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../../test/llm/fake-openai-server.js';
import { llmCommand, type LlmCheckReport } from './llm.js';

let server: FakeOpenAiServer;

/** Runs `rapport llm check …` in-process; returns what it printed and the exit code it set. */
async function check(args: string[], env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  process.exitCode = undefined;
  try {
    await llmCommand({ env }).parseAsync(['check', ...args], { from: 'user' });
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  const code = process.exitCode ?? 0;
  process.exitCode = undefined;
  return { stdout, stderr, code };
}

const env = () => ({
  RAPPORT_LLM_BASE_URL: server.baseUrl,
  RAPPORT_LLM_MODEL: 'fake-model',
  RAPPORT_LLM_EMBEDDING_MODEL: 'fake-embed',
  RAPPORT_LLM_API_KEY: 'sk-cli-test',
  RAPPORT_LLM_MAX_RETRIES: '1',
});

describe('rapport llm check', () => {
  beforeAll(async () => {
    server = await startFakeOpenAiServer();
  });
  afterAll(() => server.close());
  afterEach(() => server.reset());

  it('exits 1 with a clear message when no provider is configured', async () => {
    const r = await check(['--json'], {});
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^rapport: error \[llm_not_configured\] No LLM provider is configured/);
    expect(JSON.parse(r.stdout).error.code).toBe('llm_not_configured');
    expect(server.requests()).toHaveLength(0);
  });

  it('reports every capability ok with its latency against a working server', async () => {
    server.script(
      { kind: 'echo' },
      { kind: 'echo' },
      { kind: 'reply', content: '{"ok":true,"echo":"rapport"}' },
    );
    const r = await check(['--json'], env());
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as LlmCheckReport;
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => [c.capability, c.status])).toEqual([
      ['models', 'ok'],
      ['chat', 'ok'],
      ['stream', 'ok'],
      ['embeddings', 'ok'],
      ['structured', 'ok'],
    ]);
    for (const c of report.checks) expect(c.ms).toBeGreaterThanOrEqual(0);
    expect(report.checks[4]?.detail).toMatch(/echo matches/);
    const chat = server.requests().filter((c) => c.endpoint === 'chat');
    expect(chat.map((c) => JSON.parse(c.body).stream === true)).toEqual([false, true, false]);
    expect(JSON.parse(chat[2]?.body ?? '{}').response_format.type).toBe('json_schema');
    expect(server.headers().every((h) => h.authorization === 'Bearer sk-cli-test')).toBe(true);
  });

  it('exits 1 and names the capability when a required one fails, printing a table without --json', async () => {
    server.script(
      { kind: 'echo' },
      { kind: 'truncated-stream', content: 'a stream cut in half', mode: 'end' },
      { kind: 'reply', content: 'no json here' },
      { kind: 'reply', content: 'still none' },
    );
    const { RAPPORT_LLM_EMBEDDING_MODEL: _none, ...withoutEmbeddings } = env();
    const r = await check([], withoutEmbeddings);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/stream\s+failed\s+yes\s+\d+\s+unavailable\/truncated/);
    expect(r.stdout).toMatch(/structured\s+failed\s+yes\s+\d+\s+invalid_output\/not_json/);
    expect(r.stdout).toMatch(/embeddings\s+skipped\s+no/);
    expect(r.stderr).toMatch(/\[llm_check_failed\] required capabilities failed: stream, structured/);
  });
});
