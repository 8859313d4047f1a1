import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { discoverClusters, type ProfileRecord } from '../../profiles/index.js';
import { AppError, createRng } from '../../shared/index.js';
import { requireScope } from '../auth.js';
import type { Runtime } from '../runtime.js';
import { errorResponses } from './schemas.js';

/** Clustering runs on the event loop: it reads at most this many profiles (the first by customer id). */
export const MAX_CLUSTER_PROFILES = 20_000;
/** Points of the 2-D projection returned (an even sample of the profiles clustered). */
const MAX_POINTS = 2_000;
const PAGE = 1_000;

const ClustersQuery = Type.Object(
  {
    k: Type.Optional(
      Type.Integer({
        minimum: 2,
        maximum: 20,
        description: 'number of clusters; chosen by silhouette over 2–8 when omitted',
      }),
    ),
    seed: Type.Optional(Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1, default: 42 })),
  },
  { additionalProperties: false },
);

const Clusters = Type.Object({
  data: Type.Object({
    profiles: Type.Integer({ description: 'profiles clustered' }),
    truncated: Type.Boolean({ description: `true when more than ${MAX_CLUSTER_PROFILES} profiles exist` }),
    k: Type.Integer({ description: '0 when there are fewer than 3 profiles' }),
    silhouette: Type.Union([Type.Null(), Type.Number()]),
    features: Type.Array(Type.String()),
    explainedVariance: Type.Array(Type.Number()),
    clusters: Type.Array(
      Type.Object({
        cluster: Type.Integer(),
        name: Type.String(),
        size: Type.Integer(),
        share: Type.Number(),
        features: Type.Array(
          Type.Object({ feature: Type.String(), direction: Type.String(), effect: Type.Number() }),
        ),
      }),
    ),
    points: Type.Array(
      Type.Object({ customerId: Type.String(), x: Type.Number(), y: Type.Number(), cluster: Type.Integer() }),
    ),
  }),
});

export function clustersRoutes(app: FastifyInstance, runtime: Runtime): void {
  const { profiles, access } = runtime;

  async function readProfiles() {
    const out: Pick<ProfileRecord, 'customerId' | 'features'>[] = [];
    let afterId: string | undefined;
    for (;;) {
      const limit = Math.min(PAGE, MAX_CLUSTER_PROFILES + 1 - out.length);
      const page = await profiles.list({ limit, ...(afterId !== undefined ? { afterId } : {}) });
      for (const p of page) out.push({ customerId: p.customerId, features: p.features });
      if (page.length < limit || out.length > MAX_CLUSTER_PROFILES) break;
      afterId = page[page.length - 1]?.customerId;
    }
    const truncated = out.length > MAX_CLUSTER_PROFILES;
    return { rows: truncated ? out.slice(0, MAX_CLUSTER_PROFILES) : out, truncated };
  }

  app.get<{ Querystring: Static<typeof ClustersQuery> }>(
    '/v1/segments/clusters',
    {
      onRequest: requireScope(access, 'read'),
      schema: {
        tags: ['segments'],
        summary: `Clusters of the profiles computed now (k-means over standardized features, as \`rapport segments discover\`) with a 2-D PCA projection of up to ${MAX_POINTS} profiles for a scatter plot. Nothing is saved. Runs on the server's event loop, so it reads at most ${MAX_CLUSTER_PROFILES} profiles (the first by customer id; \`truncated\` says when there were more)`,
        security: [{ basicAuth: [] }, { bearerAuth: [] }],
        querystring: ClustersQuery,
        response: { 200: Clusters, ...errorResponses },
      },
    },
    async (request) => {
      const { k, seed } = request.query;
      const { rows, truncated } = await readProfiles();
      const base = { profiles: rows.length, truncated };
      if (rows.length < 3)
        return {
          data: {
            ...base,
            k: 0,
            silhouette: null,
            features: [],
            explainedVariance: [],
            clusters: [],
            points: [],
          },
        };
      if (k !== undefined && k > rows.length - 1)
        throw new AppError(
          'invalid_query',
          `k must be at most ${rows.length - 1} for ${rows.length} profiles.`,
          {
            parameter: 'k',
          },
        );
      const found = discoverClusters(rows, createRng(seed ?? 42), {
        maxPoints: MAX_POINTS,
        ...(k !== undefined ? { k } : {}),
      });
      return {
        data: {
          ...base,
          k: found.k,
          silhouette: Number.isFinite(found.silhouette) ? found.silhouette : null,
          features: found.features,
          explainedVariance: found.explainedVariance,
          clusters: found.clusters.map((c) => ({
            cluster: c.cluster,
            name: c.name,
            size: c.size,
            share: c.share,
            features: c.features.map((f) => ({
              feature: f.feature,
              direction: f.direction,
              effect: f.effect,
            })),
          })),
          points: found.points,
        },
      };
    },
  );
}
