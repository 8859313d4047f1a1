// The serving benchmark's setup, in a process of its own so that the load generator's process stays clean: the
// synthetic shop (serve-shop.js) loaded into a fresh data directory through Rapport's stores (dist/), its customers
// made known by one identify each through POST /v1/batch, profiles built, the recommender trained and registered as
// the pipeline does it. Then one sample response of each route, for the baseline to answer with. Forked by serve.js;
// its options arrive in RAPPORT_BENCH_SETUP (JSON), its report leaves over IPC.
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateServingShop } from './serve-shop.js';

const o = JSON.parse(process.env.RAPPORT_BENCH_SETUP ?? '{}');
const dist = new URL('../../dist/', import.meta.url);
const { loadConfig } = await import(new URL('config/index.js', dist).href);
const { createApp, createLogger, createRuntime } = await import(new URL('server/index.js', dist).href);
const { recommenderCandidate, trainRecommender } = await import(new URL('recommend/index.js', dist).href);
const { customerIdScheme } = await import(new URL('profiles/index.js', dist).href);

const progress = (text) => process.stderr.write(`  setup: ${text}\n`);
const seconds = (t0) => (performance.now() - t0) / 1000;
const timings = {};

// The shop's last order a day ago, so that the dates look like a live shop's.
const endAt = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 1;
let t0 = performance.now();
const shop = generateServingShop({
  items: o.items,
  customers: o.customers,
  days: o.days,
  meanOrders: o.meanOrders,
  seed: o.seed,
  endAt,
});
timings.generate = seconds(t0);
progress(
  `${shop.products.length} products, ${shop.userIds.length} customers, ${shop.orders.length} orders, ${shop.lines} order lines (${timings.generate.toFixed(1)} s)`,
);

const config = loadConfig({
  RAPPORT_DATA_DIR: o.dataDir,
  RAPPORT_LOG_LEVEL: 'silent',
  RAPPORT_PROFILES_LIVE: 'false',
  RAPPORT_SQLITE_SYNCHRONOUS: 'normal',
});
const runtime = await createRuntime(config, createLogger('silent'));
const app = await createApp(runtime);
const writeKey = (await runtime.access.createKey({ scope: 'write', name: 'bench-setup' })).key;
const readKey = (await runtime.access.createKey({ scope: 'read', name: 'bench-setup' })).key;
const { stores } = runtime;

t0 = performance.now();
await stores.products.upsert(shop.products);
for (let i = 0; i < shop.orders.length; i += 2000)
  await stores.orders.upsert(
    shop.orders
      .slice(i, i + 2000)
      .map((order) => ({ ...order, customerId: customerIdScheme.forUserId(order.customerId) })),
  );
timings.loadStores = seconds(t0);
progress(`products and orders in the stores (${timings.loadStores.toFixed(1)} s)`);

t0 = performance.now();
for (let i = 0; i < shop.userIds.length; i += 200) {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/batch',
    headers: { authorization: `Bearer ${writeKey}` },
    payload: {
      batch: shop.userIds
        .slice(i, i + 200)
        .map((userId) => ({ type: 'identify', userId, traits: { plan: 'standard' } })),
    },
  });
  if (res.statusCode !== 200) throw new Error(`identify batch: ${res.statusCode} ${res.body}`);
}
await stores.events.settle();
timings.identify = seconds(t0);
t0 = performance.now();
const built = await runtime.profiles.build();
timings.profiles = seconds(t0);
progress(
  `${shop.userIds.length} identifies (${timings.identify.toFixed(1)} s), profiles built (${timings.profiles.toFixed(1)} s)`,
);

const stages = [];
let stageAt = performance.now();
t0 = performance.now();
progress('training the recommender (every model compared on the holdout, the best one refitted)…');
const trained = await trainRecommender(
  { source: stores.profileSource, settle: () => stores.events.settle(), clock: runtime.clock },
  {
    seed: String(o.seed),
    onStage: (stage) => {
      const now = performance.now();
      if (stages.length > 0) stages[stages.length - 1].seconds = (now - stageAt) / 1000;
      stages.push({ stage, seconds: null });
      stageAt = now;
      progress(`  ${stage}`);
    },
  },
);
stages[stages.length - 1].seconds = (performance.now() - stageAt) / 1000;
const registered = await runtime.models.register(recommenderCandidate(trained, String(o.seed)));
timings.train = trained.seconds;
timings.trainAndRegister = seconds(t0);
if (!registered.promoted) throw new Error(`the recommender was not promoted: ${registered.reason}`);
progress(`chose ${trained.chosen} (${trained.seconds.toFixed(1)} s)`);

// The customers requested: every (customers / sample)-th one; the items for /similar: the best sellers' ids spread
// over the catalogue the same way.
const step = Math.max(1, Math.floor(shop.userIds.length / o.sample));
const sampleUsers = shop.userIds.filter((_, i) => i % step === 0).slice(0, o.sample);
const itemStep = Math.max(1, Math.floor(trained.artifact.items.length / o.sample));
const sampleItems = trained.artifact.items.filter((_, i) => i % itemStep === 0).slice(0, o.sample);
const linesOf = new Map();
for (const order of shop.orders)
  linesOf.set(order.customerId, (linesOf.get(order.customerId) ?? 0) + order.lines.length);
const sampleLines = sampleUsers.map((u) => linesOf.get(u) ?? 0).sort((a, b) => a - b);

// One response of each route from the real app: what the baseline answers with, and a check that it works.
const get = async (url) => {
  const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${readKey}` } });
  if (res.statusCode !== 200) throw new Error(`GET ${url}: ${res.statusCode} ${res.body}`);
  return res;
};
const strategies = {};
for (const u of sampleUsers.slice(0, 50)) {
  const s = (await get(`/v1/recommendations/${u}?${o.query}`)).json().data.strategy;
  strategies[s] = (strategies[s] ?? 0) + 1;
}
// Whether the profiles know their userIds (serving reads the customer's events by them).
let userIdsKnown = 0;
for (const u of sampleUsers.slice(0, 50)) if ((await runtime.profiles.find(u))?.userId === u) userIdsKnown++;
// The body of the customer with the median history: a typical response size.
const typical =
  sampleUsers.find((u) => linesOf.get(u) === sampleLines[sampleLines.length >> 1]) ?? sampleUsers[0];
const recBody = (await get(`/v1/recommendations/${typical}?${o.query}`)).body;
const simBody = (await get(`/v1/items/${sampleItems[0]}/similar?k=10`)).body;
const bodies = { recommendations: path.join(o.dataDir, 'bench-recommendations.json') };
bodies.similar = path.join(o.dataDir, 'bench-similar.json');
fs.writeFileSync(bodies.recommendations, recBody);
fs.writeFileSync(bodies.similar, simBody);

await app.close();
await runtime.close();

process.send({
  type: 'ready',
  shop: {
    items: shop.products.length,
    categories: shop.categories.length,
    customers: shop.userIds.length,
    orders: shop.orders.length,
    lines: shop.lines,
    days: o.days,
    outOfStock: shop.products.filter((p) => p.stock === 0).length,
  },
  profiles: built,
  model: {
    chosen: trained.chosen,
    params: trained.params,
    interactions: trained.interactions,
    customers: trained.customers,
    items: trained.items,
    trainSeconds: trained.seconds,
    stages,
    comparison: trained.comparison,
    version: registered.model.version,
  },
  timings,
  sample: {
    users: sampleUsers,
    items: sampleItems,
    linesMedian: sampleLines[sampleLines.length >> 1],
    linesP99: sampleLines[Math.floor(sampleLines.length * 0.99)],
    linesMax: sampleLines[sampleLines.length - 1],
    strategiesOfFirst50: strategies,
    userIdsKnownOfFirst50: userIdsKnown,
  },
  bodies,
  bodyBytes: { recommendations: Buffer.byteLength(recBody), similar: Buffer.byteLength(simBody) },
});
process.disconnect();
