import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { requireScope } from '../auth.js';
import type { Runtime } from '../runtime.js';
import { errorResponses } from './schemas.js';

const Cell = Type.Object({
  r: Type.Integer({ minimum: 1, maximum: 5, description: 'recency score' }),
  fm: Type.Integer({ minimum: 1, maximum: 5, description: 'FM score: ⌊(F + M + 1) / 2⌋' }),
  segment: Type.String(),
  count: Type.Integer(),
});
const Grid = Type.Object({
  data: Type.Object({
    profiles: Type.Integer({ description: 'profiles with RFM scores' }),
    cells: Type.Array(Cell),
  }),
});

export function rfmRoutes(app: FastifyInstance, runtime: Runtime): void {
  const { stores, access } = runtime;
  app.get(
    '/v1/rfm/grid',
    {
      onRequest: requireScope(access, 'read'),
      schema: {
        tags: ['profiles'],
        summary:
          'The RFM grid of the built profiles: profiles per R score × FM score with the segment name, where FM = (F + M) / 2 rounded half up (docs/rfm.md); empty cells are left out. Scores come from `rapport profiles build`',
        security: [{ basicAuth: [] }, { bearerAuth: [] }],
        response: { 200: Grid, ...errorResponses },
      },
    },
    async () => {
      const cells = await stores.profiles.rfmGrid();
      return { data: { profiles: cells.reduce((sum, c) => sum + c.count, 0), cells } };
    },
  );
}
