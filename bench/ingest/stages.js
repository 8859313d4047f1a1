// Per-event CPU cost of each stage of the batch ingest path, in-process and without HTTP: Fastify's JSON body
// parse, the Ingestor (validation and normalization) with a committer that only counts, and the journal
// serialisation. Usage: node bench/ingest/stages.js [--rounds 30] (builds nothing: run after npm run build).
import { Buffer } from 'node:buffer';
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { batchRequests } from './payloads.js';

const { values: opt } = parseArgs({ options: { rounds: { type: 'string', default: '30' } } });
const dist = new URL('../../dist/', import.meta.url);
const { createIngestor } = await import(new URL('ingest/index.js', dist).href);
const { createFieldCipher } = await import(new URL('privacy/index.js', dist).href);
const { systemClock } = await import(new URL('shared/index.js', dist).href);

const bodies = batchRequests({ clientIds: true, size: 100 }).map((r) =>
  r.body.replaceAll('@MSGID@', () => randomUUID()),
);
const parse = Fastify().getDefaultJsonParser('error', 'error');
const parseBody = (text) =>
  new Promise((resolve, reject) => parse(null, text, (e, v) => (e ? reject(e) : resolve(v))));

let committed = [];
const ingestor = createIngestor({
  committer: { write: async (events) => void (committed = events), drain: async () => {} },
  deadLetters: {
    add: async () => {},
    list: async () => [],
    count: async () => 0,
    countByCode: async () => [],
  },
  cipher: createFieldCipher(Buffer.alloc(32, 7)),
  clock: systemClock,
  maxEventBytes: 32 * 1024,
});

const cpu = () => process.cpuUsage().user + process.cpuUsage().system;
const stages = { parse: [], ingest: [], serialise: [] };
for (let round = 0; round < Number(opt.rounds); round++) {
  let events = 0;
  const took = { parse: 0, ingest: 0, serialise: 0 };
  for (const body of bodies) {
    let t = cpu();
    const parsed = await parseBody(body);
    took.parse += cpu() - t;
    t = cpu();
    await ingestor.ingest({ messages: parsed.batch, source: 'bench', origin: 'bench' });
    took.ingest += cpu() - t;
    t = cpu();
    JSON.stringify(committed);
    took.serialise += cpu() - t;
    events += parsed.batch.length;
  }
  for (const k of Object.keys(stages)) stages[k].push(took[k] / events);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const skip = Math.floor(Number(opt.rounds) / 3); // warm-up rounds
const rows = Object.entries(stages).map(([k, xs]) => [k, median(xs.slice(skip))]);
for (const [k, v] of rows) console.log(`${k.padEnd(10)} ${v.toFixed(2)} µs/event`);
console.log(`${'total'.padEnd(10)} ${rows.reduce((s, [, v]) => s + v, 0).toFixed(2)} µs/event`);
