/**
 * The running state of one customer's behaviour, updated one event at a time. It is plain JSON so an incremental
 * update can load it, apply new events and store it again; the full rebuild produces the same state by applying
 * every event in time order.
 */
export interface ProfileEvent {
  type: string;
  event: string | null;
  timestamp: number;
  messageId: string;
  /** `properties.category`, when the event is about a product. */
  category: string | null;
  /** `context.device.type`. */
  deviceType: string | null;
  /** Non-PII traits of an identify call. */
  traits: Record<string, unknown> | null;
  /** Properties computed traits read, by property name. */
  props: Record<string, unknown>;
}

export interface SessionState {
  count: number;
  events: number;
  durationMs: number;
  startAt: number | null;
  lastAt: number | null;
  /** Start times of sessions in the last 90 days of activity (for windowed counts). */
  recentStarts: number[];
}

export interface ProfileState {
  v: 1;
  firstSeen: number | null;
  lastSeen: number | null;
  events: number;
  /** Counts by type (`page`, `screen`, …) and by track event name (`track:Order Completed`). */
  counts: Record<string, number>;
  dow: number[];
  hour: number[];
  device: Record<string, number>;
  channel: Record<string, number>;
  /** Weighted product interactions per category (view 1, cart 3, purchase 5). */
  categories: Record<string, number>;
  session: SessionState;
  /** Latest value of each identify trait, with the time it was set (latest timestamp wins). */
  traits: Record<string, [unknown, number]>;
  /** Message ids of the last events applied at `lastSeen`, so a replayed event is not counted twice. */
  recentIds: string[];
}

/** Inactivity that ends a session, as web analytics tools define it. */
export const SESSION_GAP_MS = 30 * 60 * 1000;
const RECENT_SESSION_WINDOW_MS = 90 * 86_400_000;
const RECENT_IDS = 64;

const categoryWeight = new Map<string, number>([
  ['Product Viewed', 1],
  ['Product Clicked', 1],
  ['Product Added', 3],
  ['Product Added to Wishlist', 2],
  ['Order Completed', 5],
]);

export function emptyProfileState(): ProfileState {
  return {
    v: 1,
    firstSeen: null,
    lastSeen: null,
    events: 0,
    counts: {},
    dow: [0, 0, 0, 0, 0, 0, 0],
    hour: Array.from({ length: 24 }, () => 0),
    device: {},
    channel: {},
    categories: {},
    session: { count: 0, events: 0, durationMs: 0, startAt: null, lastAt: null, recentStarts: [] },
    traits: {},
    recentIds: [],
  };
}

/** Keys that would reach an object's prototype; untrusted names never become such keys. */
export function isSafeKey(key: string): boolean {
  return key !== '__proto__' && key !== 'constructor' && key !== 'prototype';
}

/** map[key] += by, counting from 0 for a key the map does not own; reserved keys (see isSafeKey) are not counted. */
export function bump(map: Record<string, number>, key: string, by = 1): void {
  if (isSafeKey(key)) map[key] = (Object.hasOwn(map, key) ? (map[key] as number) : 0) + by;
}

/**
 * Applies one event. Events must come in time order for sessions to be exact; an event older than the last
 * one still counts everywhere else (late events are common) but does not reopen a closed session.
 * Returns false when the event was already applied.
 */
export function applyEvent(state: ProfileState, e: ProfileEvent): boolean {
  if (state.recentIds.includes(e.messageId)) return false;
  state.recentIds.push(e.messageId);
  if (state.recentIds.length > RECENT_IDS) state.recentIds.shift();
  state.events++;
  if (state.firstSeen === null || e.timestamp < state.firstSeen) state.firstSeen = e.timestamp;
  if (state.lastSeen === null || e.timestamp > state.lastSeen) state.lastSeen = e.timestamp;
  bump(state.counts, e.type);
  if (e.type === 'track' && e.event) bump(state.counts, `track:${e.event}`);
  const dow = utcDayOfWeek(e.timestamp);
  const hour = utcHour(e.timestamp);
  state.dow[dow] = (state.dow[dow] ?? 0) + 1;
  state.hour[hour] = (state.hour[hour] ?? 0) + 1;
  if (e.deviceType) bump(state.device, e.deviceType.toLowerCase());
  if (e.type === 'page') bump(state.channel, 'web');
  else if (e.type === 'screen') bump(state.channel, 'app');
  const weight = e.event ? categoryWeight.get(e.event) : undefined;
  if (weight && e.category) bump(state.categories, e.category, weight);
  if (e.traits)
    for (const [key, value] of Object.entries(e.traits)) {
      if (!isSafeKey(key)) continue;
      const known = Object.hasOwn(state.traits, key) ? state.traits[key] : undefined;
      if (!known || known[1] <= e.timestamp) state.traits[key] = [value, e.timestamp];
    }
  applySession(state.session, e.timestamp);
  return true;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const positiveMod = (x: number, m: number) => ((x % m) + m) % m;

/** `new Date(t).getUTCDay()` without the Date (1970-01-01 was a Thursday). */
export const utcDayOfWeek = (t: number): number => positiveMod(Math.floor(t / DAY_MS) + 4, 7);
/** `new Date(t).getUTCHours()` without the Date. */
export const utcHour = (t: number): number => positiveMod(Math.floor(t / HOUR_MS), 24);

function applySession(s: SessionState, at: number): void {
  if (s.lastAt !== null && at < s.lastAt) {
    s.events++; // a late event: counted in the session it belongs to, without changing boundaries
    return;
  }
  if (s.lastAt === null || at - s.lastAt > SESSION_GAP_MS) {
    s.count++;
    s.startAt = at;
    s.recentStarts.push(at);
    const horizon = at - RECENT_SESSION_WINDOW_MS;
    while ((s.recentStarts[0] ?? Infinity) < horizon) s.recentStarts.shift();
  } else if (s.startAt !== null) {
    s.durationMs += at - (s.lastAt ?? at);
  }
  s.events++;
  s.lastAt = at;
}

/** Latest trait values, without their times. */
export function currentTraits(state: ProfileState): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, [value]] of Object.entries(state.traits)) out[key] = value;
  return out;
}
