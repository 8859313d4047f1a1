import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { STAGES } from '../../pipeline/index.js';
import { parseAsOfDate } from '../../profiles/rfm.js';
import { AppError } from '../../shared/index.js';
import { requireScope } from '../auth.js';
import type { PipelineStatus } from '../pipeline-scheduler.js';
import type { Runtime } from '../runtime.js';
import { ErrorBody, errorResponses } from './schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Status = Type.Union([Type.Literal('ok'), Type.Literal('skipped'), Type.Literal('failed')]);
const StepError = Type.Object({ code: Type.String(), message: Type.String() });
const Details = Type.Record(Type.String(), Type.Unknown());
const JobStep = Type.Object({
  job: Type.String({ description: 'the model name, e.g. propensity_30d' }),
  status: Status,
  reason: Type.Optional(Type.String({ description: 'why it was skipped' })),
  error: Type.Optional(StepError),
  seconds: Type.Number(),
  details: Details,
});
const Stage = Type.Object({
  stage: Type.Union(STAGES.map((s) => Type.Literal(s))),
  status: Status,
  reason: Type.Optional(Type.String()),
  error: Type.Optional(StepError),
  seconds: Type.Number(),
  details: Details,
  jobs: Type.Optional(Type.Array(JobStep, { description: 'train, evaluate, promote: one step per model' })),
});
const Table = Type.Object({ rows: Type.Integer(), digest: Type.String() });
const Report = Type.Object({
  ok: Type.Boolean({ description: 'no stage failed' }),
  startedAt: Type.String(),
  finishedAt: Type.String(),
  seconds: Type.Number(),
  options: Type.Object({ asOf: Nullable(Type.String()), force: Type.Boolean(), seed: Type.String() }),
  data: Nullable(
    Type.Object(
      {
        events: Type.Object({
          rows: Type.Integer(),
          lastSeq: Nullable(Type.Integer()),
          lastAt: Nullable(Type.Number()),
        }),
        customers: Table,
        products: Table,
        orders: Table,
        reviews: Table,
        digest: Type.String(),
      },
      { description: 'the data fingerprint the run saw: equal digests, same data' },
    ),
  ),
  stages: Type.Array(Stage),
  changed: Type.Object({
    profiles: Type.Boolean(),
    registered: Type.Array(Type.String(), { description: 'name@version' }),
    promoted: Type.Array(Type.String()),
  }),
});
const Trigger = Type.Union([Type.Literal('schedule'), Type.Literal('api')]);
const StatusView = Type.Object({
  state: Type.Union([Type.Literal('idle'), Type.Literal('running')]),
  running: Nullable(
    Type.Object({
      trigger: Trigger,
      startedAt: Type.String(),
      stage: Nullable(Type.String()),
      job: Nullable(Type.String()),
      step: Type.String(),
    }),
  ),
  lastRun: Nullable(
    Type.Object({
      trigger: Trigger,
      startedAt: Type.String(),
      finishedAt: Type.String(),
      ok: Type.Boolean(),
      report: Nullable(Report),
      error: Nullable(StepError),
    }),
  ),
  schedule: Type.Object({
    intervalSeconds: Nullable(Type.Number({ description: 'RAPPORT_PIPELINE_INTERVAL; null: not scheduled' })),
    nextRunAt: Nullable(Type.String()),
  }),
});
const RunBody = Type.Object(
  {
    force: Type.Optional(Type.Boolean({ description: 'rebuild and retrain even what is up to date' })),
    asOf: Type.Optional(
      Type.String({ description: 'profiles and scores as of this UTC day (YYYY-MM-DD)', maxLength: 10 }),
    ),
  },
  { additionalProperties: false },
);

const iso = (ms: number) => new Date(ms).toISOString();

function presentStatus(s: PipelineStatus) {
  return {
    state: s.state,
    running: s.running && { ...s.running, startedAt: iso(s.running.startedAt) },
    lastRun: s.last && {
      trigger: s.last.trigger,
      startedAt: iso(s.last.startedAt),
      finishedAt: iso(s.last.finishedAt),
      ok: s.last.report?.ok ?? false,
      report: s.last.report,
      error: s.last.error,
    },
    schedule: {
      intervalSeconds: s.intervalMs === null ? null : s.intervalMs / 1000,
      nextRunAt: s.nextRunAt === null ? null : iso(s.nextRunAt),
    },
  };
}

export function pipelineRoutes(app: FastifyInstance, runtime: Runtime): void {
  const admin = requireScope(runtime.access, 'admin');
  const security = [{ basicAuth: [] }, { bearerAuth: [] }];
  const tags = ['pipeline'];

  app.get(
    '/v1/pipeline',
    {
      onRequest: admin,
      schema: {
        tags,
        summary:
          "The model pipeline: idle or running (and where), the last run's report, the next scheduled run",
        security,
        response: { 200: Type.Object({ data: StatusView }), ...errorResponses },
      },
    },
    async () => ({ data: presentStatus(runtime.pipeline.status()) }),
  );

  app.post<{ Body: Static<typeof RunBody> }>(
    '/v1/pipeline/run',
    {
      onRequest: admin,
      // The body is optional: a bare POST runs the pipeline with the defaults.
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: {
        tags,
        summary:
          'Start a pipeline run now, on a worker thread (202); poll GET /v1/pipeline for its report. 409 while one runs',
        security,
        body: RunBody,
        response: { 202: Type.Object({ data: StatusView }), ...errorResponses, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      const { force, asOf: day } = request.body;
      const asOf = day === undefined ? undefined : parseAsOfDate(day);
      if (asOf === null)
        throw new AppError(
          'invalid_request',
          `asOf must be a date like 2026-06-01, not ${JSON.stringify(day)}`,
        );
      await runtime.pipeline.runNow({
        ...(force === undefined ? {} : { force }),
        ...(asOf === undefined ? {} : { asOf }),
      });
      return reply.status(202).send({ data: presentStatus(runtime.pipeline.status()) });
    },
  );
}
