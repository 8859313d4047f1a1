// Request bodies for the load generator, prebuilt as templates; variety comes from cycling through a pool
// of them (different users, events, products, prices).
//
// messageIds: by default every event carries its own random UUID messageId, as Segment's libraries send
// (random keys matter: they are what the unique index on message_id costs most for). The template holds
// placeholders that `setupRequest` fills per request. autocannon's own `idReplacement` is not used: it
// assumes every id is 27 characters long when it writes Content-Length, and hyperid's are not.
// `--server-ids` drops messageIds and sends the static bodies, which costs the load generator nothing;
// the server then generates the ids.
import { randomUUID } from 'node:crypto';

const EVENTS = ['Product Viewed', 'Product Added', 'Checkout Started', 'Order Completed', 'Product Searched'];
const POOL = 64;
const startedAt = Date.now();
const PLACEHOLDER = '@MSGID@';

function trackEvent(i, messageId) {
  const event = {
    userId: `u${1000 + (i % 997)}`,
    event: EVENTS[i % EVENTS.length],
    properties: {
      product_id: `p${i % 311}`,
      price: Math.round(((i * 7.31) % 200) * 100) / 100,
      currency: 'EUR',
    },
    // Recent, as live traffic is: spread over the last minute (the timestamp index sees near-ordered keys).
    timestamp: new Date(startedAt - (i % 60) * 1000).toISOString(),
  };
  return messageId === null ? event : { messageId, ...event };
}

function withIds(template) {
  const parts = template.split(PLACEHOLDER);
  return (request) => {
    let body = parts[0];
    for (let i = 1; i < parts.length; i++) body += randomUUID() + parts[i];
    request.body = body;
    return request;
  };
}

function requests(path, templates, clientIds) {
  return templates.map((body) =>
    clientIds ? { method: 'POST', path, body, setupRequest: withIds(body) } : { method: 'POST', path, body },
  );
}

/** Pool of `/v1/track` requests: one event each. */
export function trackRequests({ clientIds }) {
  const templates = Array.from({ length: POOL }, (_, i) =>
    JSON.stringify(trackEvent(i, clientIds ? PLACEHOLDER : null)),
  );
  return requests('/v1/track', templates, clientIds);
}

/** Pool of `/v1/batch` requests: `size` track events each (each with `type`, as the batch route requires). */
export function batchRequests({ clientIds, size }) {
  const templates = Array.from({ length: POOL / 8 }, (_, b) =>
    JSON.stringify({
      batch: Array.from({ length: size }, (_, k) => ({
        type: 'track',
        ...trackEvent(b * size + k, clientIds ? PLACEHOLDER : null),
      })),
    }),
  );
  return requests('/v1/batch', templates, clientIds);
}
