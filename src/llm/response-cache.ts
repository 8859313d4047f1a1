import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Clock } from '../shared/index.js';
import type { ChatReply, ChatRequest } from './ports.js';

export interface ResponseCacheOptions {
  /** How long a reply is reused (0: no cache). */
  ttlMs: number;
  maxEntries: number;
}

/** Successful replies keyed by the model and the whole redacted request (messages, format, sampling). */
export interface ResponseCache {
  get(model: string, request: ChatRequest): ChatReply | undefined;
  set(model: string, request: ChatRequest, reply: ChatReply): void;
  readonly size: number;
}

export function cacheKey(model: string, request: ChatRequest): string {
  const canonical = JSON.stringify([
    model,
    request.messages.map((m) => [m.role, m.content]),
    request.responseFormat ?? null,
    request.temperature ?? null,
    request.maxTokens ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

export function createResponseCache(options: ResponseCacheOptions, clock: Clock): ResponseCache {
  if (options.ttlMs <= 0 || options.maxEntries <= 0) return { get: () => undefined, set: () => {}, size: 0 };
  const lru = new LRUCache<string, ChatReply>({
    max: options.maxEntries,
    ttl: options.ttlMs,
    perf: { now: () => clock.now() },
  });
  return {
    get: (model, request) => lru.get(cacheKey(model, request)),
    set: (model, request, reply) => void lru.set(cacheKey(model, request), reply),
    get size() {
      return lru.size;
    },
  };
}
