import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { StoredEvent } from '../../ingest/index.js';
import { presentProfile, type ConsentState, type ProfileRecord } from '../../profiles/index.js';
import { AppError } from '../../shared/index.js';
import { requireScope } from '../auth.js';
import { presentEvent } from '../present-event.js';
import type { Runtime } from '../runtime.js';
import { Limit, errorResponses } from './schemas.js';

const ProfileParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 255 }) });
const ProfileQuery = Type.Object(
  { events: Type.Optional(Type.Integer({ minimum: 0, maximum: 200, default: 20 })) },
  { additionalProperties: false },
);
const ListQuery = Type.Object(
  {
    email: Type.Optional(Type.String({ minLength: 3, maxLength: 320 })),
    segment: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    q: Type.Optional(
      Type.String({ minLength: 1, maxLength: 255, description: 'prefix of a customer id or userId' }),
    ),
    limit: Limit,
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
  },
  { additionalProperties: false },
);
const Profile = Type.Record(Type.String(), Type.Unknown());
const Page = Type.Object({ data: Type.Array(Profile), nextCursor: Type.Union([Type.String(), Type.Null()]) });

const ConsentBody = Type.Object(
  {
    purposes: Type.Record(Type.String({ maxLength: 64 }), Type.Boolean(), {
      description: 'purpose → granted, e.g. { "marketing_email": false }',
      maxProperties: 16,
    }),
  },
  { additionalProperties: false },
);
const ConsentView = Type.Object({
  customerId: Type.String(),
  purposes: Type.Array(Type.Record(Type.String(), Type.Unknown())),
  history: Type.Array(Type.Record(Type.String(), Type.Unknown())),
});

const Contribution = Type.Object({
  feature: Type.String(),
  value: Type.Union([Type.Number(), Type.String(), Type.Null()]),
  contribution: Type.Number(),
});
const ScoresView = Type.Object({
  customerId: Type.String(),
  scores: Type.Array(
    Type.Object({
      name: Type.String(),
      value: Type.Number(),
      model: Type.Object({ id: Type.String(), version: Type.Integer() }),
      asOf: Type.Union([Type.String(), Type.Null()]),
      contributions: Type.Array(Contribution),
      extra: Type.Optional(
        Type.Record(Type.String(), Type.Union([Type.Number(), Type.String(), Type.Null()])),
      ),
    }),
  ),
});

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const presentConsent = (s: ConsentState) => ({ ...s, at: iso(s.at) });

function encodeIdCursor(id: string): string {
  return Buffer.from(`c:${id}`).toString('base64url');
}

function decodeIdCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith('c:') || text.length > 260) throw new AppError('invalid_cursor');
  return text.slice(2);
}

const RECENT_ANONYMOUS_IDS = 5;

export function profilesRoutes(app: FastifyInstance, runtime: Runtime): void {
  const { stores, cipher, access, profiles, consent, segments } = runtime;
  const security = [{ basicAuth: [] }, { bearerAuth: [] }];

  /** The customer's latest events over all of its identities, newest first. */
  async function recentEvents(customerId: string, limit: number): Promise<StoredEvent[]> {
    if (limit === 0) return [];
    const identities = await stores.customers.identitiesOf(customerId);
    const lists = await Promise.all([
      ...identities
        .filter((i) => i.kind === 'user_id')
        .map((i) => stores.events.list({ limit, order: 'desc', userId: i.value })),
      ...identities
        .filter((i) => i.kind === 'anonymous_id')
        .slice(0, RECENT_ANONYMOUS_IDS)
        .map((i) => stores.events.list({ limit, order: 'desc', anonymousId: i.value })),
    ]);
    const byId = new Map<string, StoredEvent>();
    for (const e of lists.flat()) byId.set(e.id, e);
    return [...byId.values()].sort((a, b) => b.timestamp - a.timestamp || b.seq - a.seq).slice(0, limit);
  }

  async function present(p: ProfileRecord, reveal: boolean, events: number) {
    const [merges, identities, recent, consentStates, memberships, scores] = await Promise.all([
      profiles.merges(p.customerId),
      stores.customers.identitiesOf(p.customerId),
      recentEvents(p.customerId, events),
      consent.states(p.customerId),
      segments.membershipsOf(p.customerId),
      stores.scores.activeFor(p.customerId),
    ]);
    return {
      ...presentProfile(p, { cipher, reveal, merges }),
      scores: Object.fromEntries(scores.map((s) => [s.name, s.value])),
      consent: consentStates.map(presentConsent),
      identities: identities
        .filter((i) => i.kind !== 'email_hash')
        .map((i) => ({ kind: i.kind, value: i.value })),
      recentEvents: recent.map((e) => presentEvent(e, cipher, reveal)),
      segments: memberships.map((m) => ({ id: m.id, name: m.name, kind: m.kind, since: iso(m.since) })),
    };
  }

  app.get<{ Params: Static<typeof ProfileParams>; Querystring: Static<typeof ProfileQuery> }>(
    '/v1/profiles/:id',
    {
      onRequest: requireScope(access, 'read'),
      schema: {
        tags: ['profiles'],
        summary:
          'One profile by customer id, userId or anonymousId: traits, computed traits, features, RFM, model scores (`scores: { propensity_30d: 0.41, … }`), merges, recent events, consent and the segments it belongs to (`segments: [{ id, name, kind, since }]`); PII masked unless the key is admin',
        security,
        params: ProfileParams,
        querystring: ProfileQuery,
        response: { 200: Profile, ...errorResponses },
      },
    },
    async (request) => {
      const profile = await profiles.find(request.params.id);
      if (!profile) throw new AppError('profile_not_found');
      return present(profile, request.principal?.scope === 'admin', request.query.events ?? 20);
    },
  );

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/v1/profiles',
    {
      onRequest: requireScope(access, 'read'),
      schema: {
        tags: ['profiles'],
        summary:
          'Profiles by customer id; filter by segment, an id prefix, or find one by email (keyed hash)',
        security,
        querystring: ListQuery,
        response: { 200: Page, ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const reveal = request.principal?.scope === 'admin';
      const withScores = async (rows: readonly ProfileRecord[]) => {
        const scores = await stores.scores.activeValues(rows.map((p) => p.customerId));
        return rows.map((p) => ({
          ...presentProfile(p, { cipher, reveal }),
          scores: scores.get(p.customerId) ?? {},
        }));
      };
      if (q.email !== undefined) {
        const found = await profiles.findByEmail(q.email);
        return { data: await withScores(found ? [found] : []), nextCursor: null };
      }
      const limit = q.limit ?? 100;
      const afterId = decodeIdCursor(q.cursor);
      const rows = await profiles.list({
        limit,
        ...(afterId !== undefined ? { afterId } : {}),
        ...(q.segment !== undefined ? { segmentId: q.segment } : {}),
        ...(q.q !== undefined ? { q: q.q } : {}),
      });
      const last = rows[rows.length - 1];
      return {
        data: await withScores(rows),
        nextCursor: rows.length === limit && last ? encodeIdCursor(last.customerId) : null,
      };
    },
  );

  async function profileOr404(id: string): Promise<ProfileRecord> {
    const profile = await profiles.find(id);
    if (!profile) throw new AppError('profile_not_found');
    return profile;
  }

  async function consentView(customerId: string) {
    const [states, history] = await Promise.all([
      consent.states(customerId),
      consent.history(customerId, { limit: 100 }),
    ]);
    return {
      customerId,
      purposes: states.map(presentConsent),
      history: history.map((h) => ({
        purpose: h.purpose,
        granted: h.granted,
        source: h.source,
        at: iso(h.at),
        recordedAt: iso(h.recordedAt),
      })),
    };
  }

  app.get<{ Params: Static<typeof ProfileParams> }>(
    '/v1/profiles/:id/consent',
    {
      onRequest: requireScope(access, 'read'),
      schema: {
        tags: ['profiles'],
        summary:
          "A customer's consent per purpose (recorded, or the policy default) and its history, newest first",
        security,
        params: ProfileParams,
        response: { 200: ConsentView, ...errorResponses },
      },
    },
    async (request) => consentView((await profileOr404(request.params.id)).customerId),
  );

  app.get<{ Params: Static<typeof ProfileParams> }>(
    '/v1/profiles/:id/scores',
    {
      onRequest: requireScope(access, 'read'),
      schema: {
        tags: ['profiles'],
        summary:
          "The customer's model scores from each model's active version, each with the model version, the time it is for, and its top contributing inputs (`contributions: [{ feature, value, contribution }]`, log-odds for probabilities)",
        security,
        params: ProfileParams,
        response: { 200: ScoresView, ...errorResponses },
      },
    },
    async (request) => {
      const { customerId } = await profileOr404(request.params.id);
      const scores = await stores.scores.activeFor(customerId);
      return {
        customerId,
        scores: scores.map((s) => ({
          name: s.name,
          value: s.value,
          model: { id: s.modelId, version: s.version },
          asOf: iso(s.asOf),
          contributions: s.detail.contributions ?? [],
          ...(s.detail.extra ? { extra: s.detail.extra } : {}),
        })),
      };
    },
  );

  app.put<{ Params: Static<typeof ProfileParams>; Body: Static<typeof ConsentBody> }>(
    '/v1/profiles/:id/consent',
    {
      onRequest: requireScope(access, 'admin'),
      schema: {
        tags: ['profiles'],
        summary:
          "Records a customer's consent choices (e.g. from a preference centre); unknown purposes are a 400",
        security,
        params: ProfileParams,
        body: ConsentBody,
        response: { 200: ConsentView, ...errorResponses },
      },
    },
    async (request) => {
      const { customerId } = await profileOr404(request.params.id);
      await consent.set(customerId, request.body.purposes, { source: 'api' });
      return consentView(customerId);
    },
  );
}
