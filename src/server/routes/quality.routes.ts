import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { createQualityReportSource } from '../../adapters/index.js';
import {
  buildQualityReport,
  DEFAULT_EXAMPLES,
  DEFAULT_RECENT_EVENTS,
  MAX_EXAMPLES,
  MAX_RECENT_EVENTS,
  parseTimestamp,
} from '../../prep/index.js';
import { AppError } from '../../shared/index.js';
import { requireScope } from '../auth.js';
import type { Runtime } from '../runtime.js';
import { errorResponses } from './schemas.js';

const ReportQuery = Type.Object(
  {
    examples: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: MAX_EXAMPLES,
        default: DEFAULT_EXAMPLES,
        description: 'examples per rule',
      }),
    ),
    shopStart: Type.Optional(
      Type.String({
        maxLength: 40,
        description:
          'when the shop opened (YYYY-MM-DD or ISO-8601); default: the earliest product, customer or order stored',
      }),
    ),
    recentEvents: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: MAX_RECENT_EVENTS,
        default: DEFAULT_RECENT_EVENTS,
        description: 'how many of the newest events the near-duplicate scan covers',
      }),
    ),
  },
  { additionalProperties: false },
);

const OrNull = <T extends ReturnType<typeof Type.Number> | ReturnType<typeof Type.String>>(t: T) =>
  Type.Union([Type.Null(), t]);

const Example = Type.Object({
  row: Type.Integer(),
  id: Type.Optional(Type.String()),
  column: Type.Optional(Type.String()),
  before: Type.Optional(Type.String({ description: 'quoted, and masked for PII' })),
  after: Type.Optional(Type.String()),
  note: Type.Optional(Type.String()),
});
const FencePair = { lower: OrNull(Type.Number()), upper: OrNull(Type.Number()), fittedOn: Type.Integer() };
const Fences = Type.Object({
  method: Type.String(),
  scale: Type.String(),
  threshold: Type.Number(),
  minFactor: Type.Number(),
  of: Type.String(),
  ...FencePair,
  groups: Type.Optional(
    Type.Object({ by: Type.String(), fences: Type.Record(Type.String(), Type.Object(FencePair)) }),
  ),
});
const Rule = Type.Object({
  rule: Type.String(),
  touched: Type.Integer(),
  definition: Type.String(),
  examples: Type.Array(Example),
  fences: Type.Optional(Fences),
  counts: Type.Optional(Type.Record(Type.String(), Type.Integer())),
});
const Summary = Type.Object({
  count: Type.Integer(),
  missing: Type.Integer(),
  mean: OrNull(Type.Number()),
  std: OrNull(Type.Number()),
  min: OrNull(Type.Number()),
  max: OrNull(Type.Number()),
  quantiles: Type.Array(Type.Object({ p: Type.Number(), value: OrNull(Type.Number()) })),
  histogram: Type.Union([
    Type.Null(),
    Type.Object({ edges: Type.Array(Type.Number()), counts: Type.Array(Type.Integer()) }),
  ]),
});
const Section = Type.Object({
  source: Type.String(),
  rows: Type.Integer(),
  rules: Type.Array(Rule),
  columns: Type.Array(Type.Object({ column: Type.String(), before: Summary, after: Summary })),
  notes: Type.Array(Type.String()),
});
const Report = Type.Object({
  generatedAt: Type.String(),
  examplesPerRule: Type.Integer(),
  shopStart: Type.Object({ at: OrNull(Type.String()), from: Type.String() }),
  sources: Type.Object({ customers: Section, products: Section, orderLines: Section, events: Section }),
});

export function qualityRoutes(app: FastifyInstance, runtime: Runtime): void {
  const { stores, cipher, access, clock } = runtime;
  app.get<{ Querystring: Static<typeof ReportQuery> }>(
    '/v1/quality/report',
    {
      onRequest: requireScope(access, 'read'),
      schema: {
        tags: ['read'],
        summary:
          'The data-quality report of the prepare stage over everything stored: per source (customers, products, order lines, events) each rule with rows touched, masked examples and fences, and before/after distributions',
        security: [{ basicAuth: [] }, { bearerAuth: [] }],
        querystring: ReportQuery,
        response: { 200: Report, ...errorResponses },
      },
    },
    async (request) => {
      const { examples, shopStart, recentEvents } = request.query;
      const start = shopStart === undefined ? undefined : parseTimestamp(shopStart);
      if (start !== undefined && !start.ok)
        throw new AppError('invalid_query', `shopStart: ${start.message}`, { parameter: 'shopStart' });
      return buildQualityReport(createQualityReportSource(stores, cipher), {
        now: clock.now(),
        examples: examples ?? DEFAULT_EXAMPLES,
        recentEvents: recentEvents ?? DEFAULT_RECENT_EVENTS,
        ...(start === undefined ? {} : { shopStart: start.value }),
      });
    },
  );
}
