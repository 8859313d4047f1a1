import { Type } from '@sinclair/typebox';

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable snake_case code, listed in docs/errors.md' }),
      message: Type.String(),
      details: Type.Record(Type.String(), Type.Unknown()),
    }),
  },
  { $id: 'ErrorBody' },
);

/** Documented on every route; the shapes come from the one error handler. */
export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  413: ErrorBody,
  500: ErrorBody,
  503: ErrorBody,
} as const;

export const Cursor = Type.Optional(
  Type.String({ maxLength: 200, description: 'nextCursor of the previous page' }),
);
export const Limit = Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 }));
