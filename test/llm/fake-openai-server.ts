import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BackendStep, RecordedCall, ScriptedBackend } from '../../src/llm/llm-provider.contract.js';

/**
 * A real HTTP server on 127.0.0.1 (port 0) speaking the OpenAI-compatible protocol: `POST /v1/chat/completions`
 * (JSON or SSE with `stream: true`), `POST /v1/embeddings`, `GET /v1/models`. Chat replies follow a script
 * (queued steps, then the default: echo the last user message); every request is logged with its body as received.
 */
export interface FakeOpenAiServer extends ScriptedBackend {
  /** `http://127.0.0.1:<port>/v1` */
  readonly baseUrl: string;
  /** Headers of the logged requests, in order. */
  headers(): http.IncomingHttpHeaders[];
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function lastUserMessage(json: unknown): string {
  if (json === null || typeof json !== 'object' || !('messages' in json) || !Array.isArray(json.messages))
    return '';
  const users = json.messages.filter(
    (m: unknown): m is { role: string; content: string } =>
      m !== null && typeof m === 'object' && 'role' in m && m.role === 'user' && 'content' in m,
  );
  return users[users.length - 1]?.content ?? '';
}

/** A deterministic vector per text (character codes folded into 8 dimensions). */
function embeddingOf(text: string): number[] {
  const v = new Array<number>(8).fill(0);
  for (let i = 0; i < text.length; i++) v[i % 8] = (v[i % 8] ?? 0) + text.charCodeAt(i) / 1000;
  return v;
}

function chunk(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length === 0 ? [''] : out;
}

export async function startFakeOpenAiServer(): Promise<FakeOpenAiServer> {
  const queue: BackendStep[] = [];
  const calls: RecordedCall[] = [];
  const headerLog: http.IncomingHttpHeaders[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let epoch = 0;
  const open = new Set<http.ServerResponse>();

  const sendJson = (
    res: http.ServerResponse,
    status: number,
    body: unknown,
    extra: Record<string, string> = {},
  ) => {
    res.writeHead(status, { 'content-type': 'application/json', ...extra });
    res.end(JSON.stringify(body));
  };
  const completion = (content: string, finishReason = 'stop', usage = true) => ({
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    model: 'fake-model',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finishReason }],
    ...(usage ? { usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 } } : {}),
  });
  /** Writes SSE events, each split in two writes so a line arrives in pieces. */
  const writeEvents = async (res: http.ServerResponse, events: string[]) => {
    for (const data of events) {
      const text = `data: ${data}\n\n`;
      const half = Math.floor(text.length / 2);
      res.write(text.slice(0, half));
      await sleep(1);
      res.write(text.slice(half));
    }
  };
  const deltaEvent = (content: string | null, finish: string | null) =>
    JSON.stringify({
      id: 'chatcmpl-fake',
      object: 'chat.completion.chunk',
      model: 'fake-model',
      choices: [{ index: 0, delta: content === null ? {} : { content }, finish_reason: finish }],
    });

  const chat = async (json: unknown, res: http.ServerResponse, closed: () => boolean) => {
    const step: BackendStep = queue.shift() ?? { kind: 'echo' };
    const stream = json !== null && typeof json === 'object' && 'stream' in json && json.stream === true;
    if ('delayMs' in step && step.delayMs) await sleep(step.delayMs);
    if (closed()) return;
    switch (step.kind) {
      case 'hang':
        return new Promise<void>((resolve) => res.on('close', resolve));
      case 'status':
        res.writeHead(step.status, {
          'content-type': 'application/json',
          ...(step.retryAfter === undefined ? {} : { 'retry-after': step.retryAfter }),
        });
        res.end(JSON.stringify({ error: { message: `scripted ${step.status}`, type: 'fake' } }));
        return;
      case 'malformed-body':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"choices": [ {"message": ');
        return;
      case 'refusal':
        return sendJson(res, 200, {
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: null, refusal: step.message },
              finish_reason: 'stop',
            },
          ],
        });
      case 'reply':
      case 'echo':
      case 'truncated-stream':
      case 'stalled-stream': {
        const content = step.kind === 'echo' ? lastUserMessage(json) : step.content;
        if (!stream) {
          if (step.kind === 'truncated-stream' || step.kind === 'stalled-stream')
            throw new Error(`${step.kind} needs a streaming request`);
          return sendJson(res, 200, completion(content, step.kind === 'reply' ? step.finishReason : 'stop'));
        }
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        const pieces = chunk(content, step.kind === 'reply' ? (step.chunkSize ?? 4) : 4);
        if (step.kind === 'truncated-stream') {
          await writeEvents(
            res,
            pieces.slice(0, Math.max(1, Math.floor(pieces.length / 2))).map((p) => deltaEvent(p, null)),
          );
          if (step.mode === 'destroy') res.destroy();
          else res.end();
          return;
        }
        if (step.kind === 'stalled-stream') {
          await writeEvents(res, [deltaEvent(pieces[0] ?? '', null)]);
          return new Promise<void>((resolve) => res.on('close', resolve));
        }
        await writeEvents(
          res,
          pieces.map((p) => deltaEvent(p, null)),
        );
        await writeEvents(res, [
          deltaEvent(null, step.kind === 'reply' ? (step.finishReason ?? 'stop') : 'stop'),
          JSON.stringify({
            choices: [],
            usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 },
          }),
          '[DONE]',
        ]);
        res.end();
        return;
      }
    }
  };

  const server = http.createServer(async (req, res) => {
    open.add(res);
    let closed = false;
    // Requests from before a reset are not counted after it (their close may still be on its way).
    const born = epoch;
    res.on('close', () => {
      closed = true;
      open.delete(res);
      if (born === epoch) inFlight--;
    });
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const parts: Buffer[] = [];
    for await (const part of req) parts.push(part as Buffer);
    const body = Buffer.concat(parts).toString('utf8');
    let json: unknown = null;
    try {
      json = body === '' ? null : JSON.parse(body);
    } catch {
      json = null;
    }
    const path = (req.url ?? '').split('?')[0];
    const endpoint =
      path === '/v1/chat/completions'
        ? 'chat'
        : path === '/v1/embeddings'
          ? 'embeddings'
          : path === '/v1/models'
            ? 'models'
            : null;
    headerLog.push(req.headers);
    if (endpoint === null)
      return sendJson(res, 404, { error: { message: `no route ${req.method} ${path}` } });
    calls.push({ endpoint, body });
    try {
      if (endpoint === 'models')
        return sendJson(res, 200, { object: 'list', data: [{ id: 'fake-model' }, { id: 'fake-embed' }] });
      if (endpoint === 'embeddings') {
        const input = json !== null && typeof json === 'object' && 'input' in json ? json.input : [];
        const texts = Array.isArray(input) ? input.map(String) : [String(input)];
        return sendJson(res, 200, {
          object: 'list',
          model: 'fake-embed',
          // Reversed on purpose: clients must order by index.
          data: texts
            .map((t, index) => ({ object: 'embedding', index, embedding: embeddingOf(t) }))
            .reverse(),
          usage: { prompt_tokens: texts.join(' ').length, total_tokens: texts.join(' ').length },
        });
      }
      await chat(json, res, () => closed);
    } catch (error) {
      if (!res.headersSent) sendJson(res, 500, { error: { message: (error as Error).message } });
      else res.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    script: (...steps) => void queue.push(...steps),
    requests: () => [...calls],
    headers: () => [...headerLog],
    maxInFlight: () => maxInFlight,
    reset() {
      queue.length = 0;
      calls.length = 0;
      headerLog.length = 0;
      epoch++;
      inFlight = 0;
      maxInFlight = 0;
    },
    async close() {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
