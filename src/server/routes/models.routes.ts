import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { presentModel, presentModelEvent, presentModelSummary } from '../../models/index.js';
import { requireScope } from '../auth.js';
import type { Runtime } from '../runtime.js';
import { ErrorBody, errorResponses } from './schemas.js';
import { refreshScoreSegments } from '../../scores/index.js';

const Status = Type.Union([Type.Literal('candidate'), Type.Literal('active'), Type.Literal('retired')], {
  description: '`active`: live (one per name); `candidate`: never live; `retired`: was live',
});
const Header = {
  id: Type.String(),
  name: Type.String(),
  version: Type.Integer(),
  status: Status,
  statusReason: Type.String({ description: 'why the version has its status (the latest decision)' }),
  modelType: Type.String(),
  primaryMetric: Type.Object({
    name: Type.String(),
    higherIsBetter: Type.Boolean(),
    value: Type.Union([Type.Number(), Type.Null()], { description: 'its value on held-out data' }),
  }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
};
const HeaderView = Type.Object(Header);
const EventView = Type.Object({
  version: Type.Integer(),
  from: Type.Union([Status, Type.Null()], { description: 'null when the version was registered' }),
  to: Status,
  reason: Type.String(),
  actor: Type.Union([Type.Literal('pipeline'), Type.Literal('cli'), Type.Literal('api')]),
  at: Type.String(),
});
const ModelView = Type.Object({
  ...Header,
  metrics: Type.Record(Type.String(), Type.Number(), { description: 'metrics on held-out data' }),
  dataWindow: Type.Object({ from: Type.String(), to: Type.String(), asOf: Type.String() }),
  features: Type.Array(Type.String()),
  preprocessing: Type.Unknown({ description: 'the fitted preprocessing (JSON)' }),
  seed: Type.Union([Type.String(), Type.Number()]),
  params: Type.Record(Type.String(), Type.Unknown(), { description: 'hyper-parameters' }),
  trainingSeconds: Type.Number(),
  codeVersion: Type.String({ description: 'package version, `+<git commit>` when known' }),
  artifactBytes: Type.Integer({ description: 'size of the fitted artifact (not returned here)' }),
  evaluation: Type.Unknown({
    description:
      'held-out evaluation for charts, null when the version has none. Demand models: `{ report, importance }`, ' +
      'report `{ kind: "binary", roc, pr, calibration, confusion (thresholds 0.00–1.00), gains }` with curves of ' +
      'at most 200 points, importance `{ permutation, gain?, coefficients? }`',
  }),
  history: Type.Array(EventView, { description: "this version's status decisions, oldest first" }),
});
const SummaryView = Type.Object({
  name: Type.String(),
  activeVersion: Type.Union([Type.Integer(), Type.Null()]),
  latestVersion: Type.Integer(),
  versions: Type.Array(HeaderView, { description: 'newest first' }),
});
const IdParams = Type.Object({
  id: Type.String({
    minLength: 1,
    maxLength: 100,
    description: 'a version id (`mdl_…`), `name@version`, or a name (its active version, else its latest)',
  }),
});
const NameParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }) });
const Version = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const PromoteBody = Type.Object({ version: Version }, { additionalProperties: false });
const RollbackBody = Type.Object(
  {
    to: Type.Optional({
      ...Version,
      description: 'default: the version that was live before the active one',
    }),
  },
  { additionalProperties: false },
);
const responses = { ...errorResponses, 404: ErrorBody, 409: ErrorBody };

export function modelsRoutes(app: FastifyInstance, runtime: Runtime): void {
  const { models, access } = runtime;
  const read = requireScope(access, 'read');
  const admin = requireScope(access, 'admin');
  const security = [{ basicAuth: [] }, { bearerAuth: [] }];
  const tags = ['models'];

  const view = async (name: string, version: number) => {
    const model = await models.getVersion(name, version);
    return presentModel(model, await models.history(name, version));
  };

  app.get(
    '/v1/models',
    {
      onRequest: read,
      schema: {
        tags,
        summary: 'Every model name with its active and latest version and a summary of each version',
        security,
        response: { 200: Type.Object({ data: Type.Array(SummaryView) }), ...responses },
      },
    },
    async () => ({ data: (await models.list()).map(presentModelSummary) }),
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/v1/models/:id',
    {
      onRequest: read,
      schema: {
        tags,
        summary:
          'One model version: metadata, held-out metrics and evaluation, and its promotion history (not the artifact)',
        security,
        params: IdParams,
        response: { 200: Type.Object({ data: ModelView }), ...responses },
      },
    },
    async (request) => {
      const model = await models.resolve(request.params.id);
      return { data: await view(model.name, model.version) };
    },
  );

  app.get<{ Params: Static<typeof NameParams> }>(
    '/v1/models/:name/history',
    {
      onRequest: read,
      schema: {
        tags,
        summary:
          "A model name's promotion history: every status decision of every version with its reason, oldest first",
        security,
        params: NameParams,
        response: { 200: Type.Object({ data: Type.Array(EventView) }), ...responses },
      },
    },
    async (request) => ({ data: (await models.history(request.params.name)).map(presentModelEvent) }),
  );

  app.post<{ Params: Static<typeof NameParams>; Body: Static<typeof PromoteBody> }>(
    '/v1/models/:name/promote',
    {
      onRequest: admin,
      schema: {
        tags,
        summary: 'Put a version live whatever its metrics (reason `manual`); the active one is retired',
        security,
        params: NameParams,
        body: PromoteBody,
        response: { 200: Type.Object({ data: ModelView }), ...responses },
      },
    },
    async (request) => {
      const { model } = await models.promote(request.params.name, request.body.version, 'api');
      await refreshScoreSegments(runtime.segments, model.name);
      return { data: await view(model.name, model.version) };
    },
  );

  app.post<{ Params: Static<typeof NameParams>; Body: Static<typeof RollbackBody> }>(
    '/v1/models/:name/rollback',
    {
      onRequest: admin,
      // The body is optional: a bare POST rolls back to the version live before the active one.
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: {
        tags,
        summary: 'Retire the active version and put an earlier one live (by default the one live before it)',
        security,
        params: NameParams,
        body: RollbackBody,
        response: {
          200: Type.Object({
            data: Type.Object({ from: ModelView, to: ModelView, events: Type.Array(EventView) }),
          }),
          ...responses,
        },
      },
    },
    async (request) => {
      const { from, to, events } = await models.rollback(request.params.name, request.body.to, 'api');
      await refreshScoreSegments(runtime.segments, to.name);
      return {
        data: {
          from: await view(from.name, from.version),
          to: await view(to.name, to.version),
          events: events.map(presentModelEvent),
        },
      };
    },
  );
}
