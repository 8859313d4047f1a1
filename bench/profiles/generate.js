// Deterministic shop traffic for the profiles benchmark: the same seed gives the same events (ids, times,
// properties), whatever the batch size they are produced in. Only sealed PII differs between runs (AES-GCM
// draws a random IV). Customers, sessions and identity calls are planned first in typed arrays (cheap to
// sort by arrival time), then turned into EventRecords a page at a time.
//
// The shape follows what analytics.js sends a shop: anonymous sessions of page views and product events with
// properties.category and context.device.type; an identify call when a visitor logs in (userId + anonymousId,
// traits with an email for most), after which events carry both ids; Order Completed with revenue; an alias
// for the few customers who had an older userId. ~3 % of events arrive hours to days late (offline mobile).

export const DAY_MS = 86_400_000;
/** The end of the generated history: fixed, so the data does not depend on the day the bench runs. */
export const T_END = Date.UTC(2026, 10, 1);
export const SPAN_DAYS = 180;

const CATEGORIES = [
  'Garden',
  'Kitchen',
  'Electronics',
  'Toys',
  'Books',
  'Sports',
  'Beauty',
  'Fashion',
  'Home',
  'Pets',
  'Office',
  'Outdoor',
];
const PRODUCTS = 2_000;
const QUERIES = [
  'garden hose',
  'usb cable',
  'lego',
  'running shoes',
  'coffee grinder',
  'dog bed',
  'desk lamp',
];
const DEVICES = ['mobile', 'desktop', 'tablet'];
const USER_AGENTS = {
  mobile: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148',
  desktop: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36',
  tablet: 'Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148',
};

// Kinds of planned events.
const PAGE = 0;
const VIEWED = 1;
const CLICKED = 2;
const ADDED = 3;
const SEARCHED = 4;
const ORDER = 5;
const EMAIL_CLICK = 6;
const IDENTIFY = 7;
const ALIAS = 8;

/** 32-bit mix of two integers (murmur3 finaliser over a combination): the per-event randomness. */
function mix(a, b) {
  let h = (Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32: seeded uniforms in [0, 1). */
export function rngOf(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedOf(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

const hex8 = (n) => n.toString(16).padStart(8, '0');

/** A UUID-shaped id derived from (salt, a, b), as Segment libraries send for anonymousId and messageId. */
function uuidOf(salt, a, b) {
  const w0 = mix(salt ^ a, b);
  const w1 = mix(w0, a + 1);
  const w2 = mix(w1, b + 7);
  const w3 = mix(w2, salt);
  const h = hex8(w0) + hex8(w1) + hex8(w2) + hex8(w3);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const crockford = '0123456789abcdefghjkmnpqrstvwxyz';
function eventIdOf(salt, ms, index) {
  let time = '';
  let t = ms;
  for (let i = 0; i < 10; i++) {
    time = crockford[t % 32] + time;
    t = Math.floor(t / 32);
  }
  let rand = '';
  let w = mix(salt, index);
  for (let i = 0; i < 16; i++) {
    if (i % 6 === 0) w = mix(w, i);
    rand += crockford[w & 31];
    w >>>= 5;
  }
  return `evt_${time}${rand}`;
}

const pad = (n, width = 6) => String(n).padStart(width, '0');

/**
 * The customers: activity window, weight, devices, whether and when they log in, email, legacy userId.
 * Plain typed arrays, so the incremental phase can rebuild the same plan from the seed alone.
 */
export function planCustomers({ seed, customers }) {
  const rand = rngOf(seedOf(`${seed}:customers`));
  const span = SPAN_DAYS * DAY_MS;
  const t0 = T_END - span;
  const start = new Float64Array(customers);
  const end = new Float64Array(customers);
  const cumulative = new Float64Array(customers);
  const devices = new Uint8Array(customers);
  const deviceType = new Uint8Array(customers * 3);
  const identifyAt = new Float64Array(customers).fill(-1);
  const email = new Uint8Array(customers);
  const legacy = new Uint8Array(customers);
  const consent = new Uint8Array(customers);
  const favourite = new Uint8Array(customers);
  let total = 0;
  for (let c = 0; c < customers; c++) {
    const a = t0 + rand() * span;
    const b = t0 + rand() * span;
    start[c] = Math.min(a, b);
    end[c] = Math.max(Math.max(a, b), Math.min(a, b) + DAY_MS);
    if (end[c] > T_END) end[c] = T_END;
    // Heavy-tailed activity: a few customers generate many sessions, most a handful.
    const w = -Math.log(1 - rand());
    total += w * w;
    cumulative[c] = total;
    devices[c] = 1 + (rand() < 0.35 ? 1 : 0) + (rand() < 0.1 ? 1 : 0);
    for (let d = 0; d < 3; d++) {
      const u = rand();
      deviceType[c * 3 + d] = u < 0.55 ? 0 : u < 0.95 ? 1 : 2;
    }
    if (rand() < 0.6) {
      identifyAt[c] = Math.floor(start[c] + rand() * (end[c] - start[c]) * 0.7);
      email[c] = rand() < 0.7 ? 1 : 0;
      legacy[c] = rand() < 0.02 ? 1 : 0;
      consent[c] = rand() < 0.3 ? 1 : 0;
    } else {
      rand();
      rand();
      rand();
    }
    favourite[c] = Math.floor(rand() * CATEGORIES.length);
  }
  return {
    seed,
    salt: seedOf(`${seed}:ids`),
    customers,
    start,
    end,
    cumulative,
    devices,
    deviceType,
    identifyAt,
    email,
    legacy,
    consent,
    favourite,
  };
}

/** A customer drawn by activity weight. */
function pickCustomer(plan, u) {
  const target = u * plan.cumulative[plan.customers - 1];
  let lo = 0;
  let hi = plan.customers - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (plan.cumulative[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export const anonymousIdOf = (plan, c, device) => uuidOf(plan.salt, c, device);
export const userIdOf = (c) => `usr_${pad(c)}`;
const legacyIdOf = (c) => `legacy_${pad(c)}`;

/**
 * Plans `events` events (sessions plus one identify per logged-in customer and one alias per legacy one),
 * ordered by arrival. Returns the columns and `order`, the arrival order of their indexes.
 */
export function planEvents(plan, { events }) {
  const rand = rngOf(seedOf(`${plan.seed}:events:${events}`));
  const ts = new Float64Array(events);
  const arrival = new Float64Array(events);
  const cust = new Int32Array(events);
  const dev = new Uint8Array(events);
  const kind = new Uint8Array(events);
  let n = 0;
  for (let c = 0; c < plan.customers && n < events; c++) {
    if (plan.identifyAt[c] < 0) continue;
    ts[n] = plan.identifyAt[c];
    cust[n] = c;
    kind[n++] = IDENTIFY;
    if (plan.legacy[c] && n < events) {
      ts[n] = plan.identifyAt[c] + 1_000;
      cust[n] = c;
      kind[n++] = ALIAS;
    }
  }
  while (n < events) {
    const c = pickCustomer(plan, rand());
    const device = Math.floor(rand() * plan.devices[c]);
    let t = Math.floor(plan.start[c] + rand() * (plan.end[c] - plan.start[c]));
    const length = Math.min(30, 1 + Math.floor(-Math.log(1 - rand()) * 7));
    let added = false;
    for (let i = 0; i < length && n < events; i++) {
      let k = PAGE;
      if (i > 0) {
        const u = rand();
        k =
          u < 0.3
            ? PAGE
            : u < 0.7
              ? VIEWED
              : u < 0.77
                ? CLICKED
                : u < 0.87
                  ? ADDED
                  : u < 0.95
                    ? SEARCHED
                    : added && u < 0.985
                      ? ORDER
                      : plan.identifyAt[c] >= 0
                        ? EMAIL_CLICK
                        : PAGE;
      }
      if (k === ADDED) added = true;
      ts[n] = t;
      cust[n] = c;
      dev[n] = device;
      kind[n++] = k;
      t += 5_000 + Math.floor(rand() * 115_000);
    }
  }
  for (let i = 0; i < events; i++) {
    const late = rand() < 0.03;
    arrival[i] = ts[i] + (late ? 3_600_000 + rand() * 3 * DAY_MS : 50 + rand() * 2_000);
  }
  const order = new Uint32Array(events);
  for (let i = 0; i < events; i++) order[i] = i;
  order.sort((x, y) => arrival[x] - arrival[y] || x - y);
  return { events, ts, arrival, cust, dev, kind, order };
}

function product(c, plan, r) {
  const category = r() < 0.7 ? plan.favourite[c] : Math.floor(r() * CATEGORIES.length);
  const id = category + CATEGORIES.length * Math.floor(r() * (PRODUCTS / CATEGORIES.length));
  return {
    product_id: `p-${pad(id, 5)}`,
    sku: `SKU-${pad(id, 5)}`,
    category: CATEGORIES[category],
    name: `Product ${id}`,
    price: Math.round(500 + ((id * 7919) % 15_000)) / 100,
    currency: 'EUR',
  };
}

/**
 * One EventRecord (the stored form that ingest produces: PII split off and sealed, email lookup hash),
 * from planned columns. `privacy` is dist/privacy (splitPii, emailLookupHash); `cipher` the runtime's.
 */
export function eventRecord(plan, e, { privacy, cipher }) {
  const { c, device, k, index } = e;
  const ts = Math.floor(e.ts);
  const receivedAt = Math.floor(e.arrival);
  const r = rngOf(mix(plan.salt ^ 0x51ed27, index));
  const loggedIn = plan.identifyAt[c] >= 0 && ts >= plan.identifyAt[c];
  const anonymousId = anonymousIdOf(plan, c, device);
  let userId = loggedIn ? userIdOf(c) : plan.legacy[c] && plan.identifyAt[c] >= 0 ? legacyIdOf(c) : null;
  const deviceName = DEVICES[plan.deviceType[c * 3 + device]];
  const context = {
    library: { name: 'analytics.js', version: '5.2.0' },
    device: { type: deviceName },
    userAgent: USER_AGENTS[deviceName],
    locale: 'de-DE',
    timezone: 'Europe/Berlin',
  };
  let type = 'track';
  let event = null;
  let name = null;
  let properties = {};
  let traits = {};
  let previousId = null;
  let pii = null;
  let emailHash = null;
  switch (k) {
    case PAGE: {
      type = 'page';
      const category = CATEGORIES[r() < 0.7 ? plan.favourite[c] : Math.floor(r() * CATEGORIES.length)];
      const path = r() < 0.3 ? '/' : `/c/${category.toLowerCase()}`;
      name = path === '/' ? 'Home' : 'Category';
      properties = { path, url: `https://shop.example.com${path}`, title: name, referrer: '' };
      context.page = { path, url: properties.url, referrer: '' };
      break;
    }
    case VIEWED:
    case CLICKED:
    case ADDED:
      event = k === VIEWED ? 'Product Viewed' : k === CLICKED ? 'Product Clicked' : 'Product Added';
      properties = product(c, plan, r);
      if (k === ADDED) properties.quantity = 1 + Math.floor(r() * 2);
      break;
    case SEARCHED:
      event = 'Products Searched';
      properties = { query: QUERIES[Math.floor(r() * QUERIES.length)] };
      break;
    case ORDER: {
      event = 'Order Completed';
      const lines = 1 + Math.floor(r() * 3);
      const products = [];
      let revenue = 0;
      let category = null;
      for (let i = 0; i < lines; i++) {
        const p = product(c, plan, r);
        category ??= p.category;
        const quantity = 1 + Math.floor(r() * 2);
        revenue += p.price * quantity;
        products.push({ product_id: p.product_id, price: p.price, quantity, category: p.category });
      }
      properties = {
        order_id: `ord-${index}`,
        revenue: Math.round(revenue * 100) / 100,
        currency: 'EUR',
        category,
        products,
      };
      break;
    }
    case EMAIL_CLICK:
      event = 'Email Link Clicked';
      properties = { campaign: 'autumn-sale', link_url: 'https://shop.example.com/sale' };
      break;
    case IDENTIFY: {
      type = 'identify';
      userId = userIdOf(c);
      const raw = {
        plan: c % 5 === 0 ? 'gold' : 'basic',
        name: `Customer ${c}`,
        createdAt: new Date(plan.identifyAt[c]).toISOString(),
      };
      if (plan.email[c]) raw.email = `customer${c}@example.com`;
      const split = privacy.splitPii(raw);
      traits = split.clean;
      if (split.pii) pii = cipher.sealJson({ traits: split.pii });
      if (split.email) emailHash = privacy.emailLookupHash(cipher, split.email);
      if (plan.consent[c])
        context.consent = { categoryPreferences: { Advertising: c % 3 === 0, Analytics: true } };
      break;
    }
    case ALIAS:
      type = 'alias';
      userId = userIdOf(c);
      previousId = legacyIdOf(c);
      break;
  }
  return {
    id: eventIdOf(plan.salt, receivedAt, index),
    messageId: uuidOf(plan.salt ^ 0x6d5a, index, k),
    type,
    event,
    name,
    userId,
    anonymousId: type === 'alias' ? null : anonymousId,
    groupId: null,
    previousId,
    timestamp: ts,
    originalTimestamp: ts,
    sentAt: receivedAt - 20,
    receivedAt,
    properties,
    traits,
    context,
    integrations: {},
    pii,
    emailHash,
    source: 'api:bench',
  };
}

/** The planned events as EventRecords in arrival order, `size` at a time. */
export function* eventPages(plan, planned, size, deps) {
  for (let from = 0; from < planned.events; from += size) {
    const page = [];
    for (let j = from; j < Math.min(planned.events, from + size); j++) {
      const i = planned.order[j];
      page.push(
        eventRecord(
          plan,
          {
            c: planned.cust[i],
            device: planned.dev[i],
            k: planned.kind[i],
            ts: planned.ts[i],
            arrival: planned.arrival[i],
            index: i,
          },
          deps,
        ),
      );
    }
    yield page;
  }
}

/**
 * Live traffic after the history: `batches` batches of `size` events starting at `from` (epoch ms), in time
 * order. About 70 % come from existing customers (known anonymous ids and userIds, sessions continuing), 25 %
 * from new anonymous visitors, and the rest are identify calls: new visitors signing up (new userId, email)
 * and known customers logging in on a new device (a new anonymousId joins an existing profile: a merge).
 * `salt` keeps each call's events distinct (new message ids, new visitors).
 */
export function liveBatches(plan, { batches, size, from, salt }, deps) {
  const rand = rngOf(seedOf(`${plan.seed}:live:${salt}`));
  const out = [];
  let t = from;
  let index = 0;
  const base = 1e9 + (seedOf(`live:${salt}`) % 1e8);
  const newVisitors = [];
  for (let b = 0; b < batches; b++) {
    const batch = [];
    for (let i = 0; i < size; i++) {
      t += 1 + Math.floor(rand() * 4);
      const id = base + index++;
      const u = rand();
      if (u < 0.7) {
        const c = pickCustomer(plan, rand());
        const device = Math.floor(rand() * plan.devices[c]);
        const e = eventRecord(
          plan,
          {
            c,
            device,
            k: [PAGE, VIEWED, VIEWED, CLICKED, ADDED, SEARCHED, ORDER][Math.floor(rand() * 7)],
            ts: t,
            arrival: t + 50,
            index: id,
          },
          deps,
        );
        batch.push(e);
      } else if (u < 0.95 || newVisitors.length === 0) {
        // A new visitor, or one seen earlier in this stream.
        const reuse = newVisitors.length > 0 && rand() < 0.6;
        const anonymousId = reuse
          ? newVisitors[Math.floor(rand() * newVisitors.length)]
          : uuidOf(plan.salt ^ 0x7e11, id, 3);
        if (!reuse) newVisitors.push(anonymousId);
        const e = eventRecord(
          plan,
          { c: 0, device: 0, k: rand() < 0.5 ? PAGE : VIEWED, ts: t, arrival: t + 50, index: id },
          deps,
        );
        batch.push({ ...e, userId: null, anonymousId });
      } else if (rand() < 0.5) {
        // A new visitor signs up.
        const anonymousId = newVisitors[Math.floor(rand() * newVisitors.length)];
        const n = plan.customers + id;
        const split = deps.privacy.splitPii({
          plan: 'basic',
          name: `Customer ${n}`,
          email: `customer${n}@example.com`,
        });
        batch.push({
          ...eventRecord(plan, { c: 0, device: 0, k: PAGE, ts: t, arrival: t + 50, index: id }, deps),
          type: 'identify',
          name: null,
          userId: userIdOf(n),
          anonymousId,
          properties: {},
          traits: split.clean,
          pii: deps.cipher.sealJson({ traits: split.pii }),
          emailHash: deps.privacy.emailLookupHash(deps.cipher, split.email),
        });
      } else {
        // A known, logged-in customer on a new device.
        let c = pickCustomer(plan, rand());
        while (plan.identifyAt[c] < 0) c = (c + 1) % plan.customers;
        const anonymousId = uuidOf(plan.salt ^ 0x7e12, id, 4);
        batch.push({
          ...eventRecord(plan, { c, device: 0, k: PAGE, ts: t, arrival: t + 50, index: id }, deps),
          type: 'identify',
          name: null,
          userId: userIdOf(c),
          anonymousId,
          properties: {},
          traits: { plan: c % 5 === 0 ? 'gold' : 'basic' },
          pii: null,
          emailHash: null,
        });
      }
    }
    out.push(batch);
  }
  return out;
}
