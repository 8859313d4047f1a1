import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { SegmentRecord } from '../../profiles/index.js';
import { AppError } from '../../shared/index.js';
import { requireScope } from '../auth.js';
import type { Runtime } from '../runtime.js';
import { Cursor, ErrorBody, Limit, errorResponses } from './schemas.js';

const RuleJson = Type.Unknown({
  description:
    'A segment rule: `{"all":[…]}`, `{"any":[…]}`, `{"not":…}` over conditions such as `{"trait":"country","op":"eq","value":"DE"}` or `{"event":"Order Completed","count":{"op":"gte","value":2},"within":{"days":30}}`. Invalid rules get `invalid_segment_rule` with every problem in `details.problems`.',
});
const Name = Type.String({ minLength: 1, maxLength: 100 });
// Null first: Fastify's type coercion would turn null into "" if the string branch were tried first.
const Description = Type.Union([Type.Null(), Type.String({ maxLength: 1000 })]);

const SegmentView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Description,
  kind: Type.String({ description: '`rule`, or the kind of a segment another job maintains (e.g. RFM)' }),
  rule: Type.Unknown({ description: 'The rule of a `rule` segment; null for other kinds' }),
  memberCount: Type.Integer(),
  refreshedAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
const CreateBody = Type.Object(
  { name: Name, description: Type.Optional(Description), rule: RuleJson },
  { additionalProperties: false },
);
const UpdateBody = Type.Object(
  { name: Type.Optional(Name), description: Type.Optional(Description), rule: Type.Optional(RuleJson) },
  { additionalProperties: false },
);
const PreviewBody = Type.Object(
  { rule: RuleJson, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })) },
  { additionalProperties: false },
);
const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
const PageQuery = Type.Object({ limit: Limit, cursor: Cursor }, { additionalProperties: false });
const One = Type.Object({ data: SegmentView });
const Refreshed = Type.Object({
  data: Type.Object({ added: Type.Integer(), removed: Type.Integer(), size: Type.Integer() }),
});
const responses = { ...errorResponses, 404: ErrorBody, 409: ErrorBody };

/** Page cursors over text keys (segment ids, customer ids): base64url of `k:<key>`. */
function encodeKeyCursor(key: string): string {
  return Buffer.from(`k:${key}`).toString('base64url');
}
function decodeKeyCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith('k:') || text.length < 3)
    throw new AppError('invalid_cursor', undefined, { cursor: cursor.slice(0, 50) });
  return text.slice(2);
}

const iso = (ms: number) => new Date(ms).toISOString();
function present(s: SegmentRecord) {
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    kind: s.kind,
    rule: s.rule,
    memberCount: s.memberCount,
    refreshedAt: s.refreshedAt === null ? null : iso(s.refreshedAt),
    createdAt: iso(s.createdAt),
    updatedAt: iso(s.updatedAt),
  };
}

export function segmentsRoutes(app: FastifyInstance, runtime: Runtime): void {
  const { segments, access } = runtime;
  const read = requireScope(access, 'read');
  const admin = requireScope(access, 'admin');
  const security = [{ basicAuth: [] }, { bearerAuth: [] }];
  const tags = ['segments'];

  app.get<{ Querystring: Static<typeof PageQuery> }>(
    '/v1/segments',
    {
      onRequest: read,
      schema: {
        tags,
        summary: 'Segments, oldest first',
        security,
        querystring: PageQuery,
        response: {
          200: Type.Object({
            data: Type.Array(SegmentView),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...responses,
        },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 100;
      const afterId = decodeKeyCursor(request.query.cursor);
      const list = await segments.list({ limit, ...(afterId !== undefined ? { afterId } : {}) });
      const last = list[list.length - 1];
      return {
        data: list.map(present),
        nextCursor: list.length === limit && last ? encodeKeyCursor(last.id) : null,
      };
    },
  );

  app.post<{ Body: Static<typeof CreateBody> }>(
    '/v1/segments',
    {
      onRequest: admin,
      schema: {
        tags,
        summary: 'Create a rule segment; its members are computed at once',
        security,
        body: CreateBody,
        response: { 201: One, ...responses },
      },
    },
    async (request, reply) => reply.status(201).send({ data: present(await segments.create(request.body)) }),
  );

  app.post<{ Body: Static<typeof PreviewBody> }>(
    '/v1/segments/preview',
    {
      onRequest: read,
      schema: {
        tags,
        summary:
          'How many profiles a rule matches now, with a sample of their customer ids; nothing is stored',
        security,
        body: PreviewBody,
        response: {
          200: Type.Object({
            data: Type.Object({ count: Type.Integer(), sample: Type.Array(Type.String()) }),
          }),
          ...responses,
        },
      },
    },
    async (request) => ({
      data: await segments.preview(request.body.rule, { limit: request.body.limit ?? 10 }),
    }),
  );

  app.get<{ Params: Static<typeof Params> }>(
    '/v1/segments/:id',
    {
      onRequest: read,
      schema: {
        tags,
        summary: 'One segment',
        security,
        params: Params,
        response: { 200: One, ...responses },
      },
    },
    async (request) => ({ data: present(await segments.get(request.params.id)) }),
  );

  app.put<{ Params: Static<typeof Params>; Body: Static<typeof UpdateBody> }>(
    '/v1/segments/:id',
    {
      onRequest: admin,
      schema: {
        tags,
        summary: 'Rename, describe or change the rule; a new rule is materialised at once',
        security,
        params: Params,
        body: UpdateBody,
        response: { 200: One, ...responses },
      },
    },
    async (request) => ({ data: present(await segments.update(request.params.id, request.body)) }),
  );

  app.delete<{ Params: Static<typeof Params> }>(
    '/v1/segments/:id',
    {
      onRequest: admin,
      schema: {
        tags,
        summary: 'Delete a segment with its members and size history',
        security,
        params: Params,
        response: { 200: Type.Object({ success: Type.Boolean() }), ...responses },
      },
    },
    async (request) => {
      await segments.delete(request.params.id);
      return { success: true };
    },
  );

  app.post<{ Params: Static<typeof Params> }>(
    '/v1/segments/:id/refresh',
    {
      onRequest: admin,
      schema: {
        tags,
        summary: 'Re-evaluate the rule now and apply the change in membership',
        security,
        params: Params,
        response: { 200: Refreshed, ...responses },
      },
    },
    async (request) => ({ data: await segments.refresh(request.params.id) }),
  );

  app.get<{ Params: Static<typeof Params> }>(
    '/v1/segments/:id/sizes',
    {
      onRequest: read,
      schema: {
        tags,
        summary: "The segment's size history: one size per UTC day it was refreshed or saved, oldest first",
        security,
        params: Params,
        response: {
          200: Type.Object({
            data: Type.Array(
              Type.Object({
                at: Type.String({ description: 'start of the UTC day (ISO-8601)' }),
                size: Type.Integer(),
              }),
            ),
          }),
          ...responses,
        },
      },
    },
    async (request) => ({
      data: (await segments.sizes(request.params.id)).map((s) => ({ at: iso(s.at), size: s.size })),
    }),
  );

  app.get<{ Params: Static<typeof Params>; Querystring: Static<typeof PageQuery> }>(
    '/v1/segments/:id/members',
    {
      onRequest: read,
      schema: {
        tags,
        summary: 'Members by customer id, with the time each entered the segment',
        security,
        params: Params,
        querystring: PageQuery,
        response: {
          200: Type.Object({
            data: Type.Array(Type.Object({ customerId: Type.String(), since: Type.String() })),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...responses,
        },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 100;
      const after = decodeKeyCursor(request.query.cursor);
      const members = await segments.members(request.params.id, {
        limit,
        ...(after !== undefined ? { afterCustomerId: after } : {}),
      });
      const last = members[members.length - 1];
      return {
        data: members.map((m) => ({ customerId: m.customerId, since: iso(m.since) })),
        nextCursor: members.length === limit && last ? encodeKeyCursor(last.customerId) : null,
      };
    },
  );
}
