import { Type, type Static } from '@sinclair/typebox';

/**
 * Segment HTTP Tracking API message shapes. These TypeBox schemas are the one definition behind the
 * compiled per-event validator on the hot path and the OpenAPI document.
 */
const Id = Type.Union([Type.String({ minLength: 1, maxLength: 255 }), Type.Number()]);
const IsoDate = Type.String({ minLength: 1, maxLength: 64, description: 'ISO-8601 date-time' });
const Dict = Type.Record(Type.String(), Type.Unknown());

const common = {
  messageId: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  userId: Type.Optional(Type.Union([Id, Type.Null()])),
  anonymousId: Type.Optional(Type.Union([Id, Type.Null()])),
  context: Type.Optional(Dict),
  integrations: Type.Optional(Dict),
  timestamp: Type.Optional(IsoDate),
  originalTimestamp: Type.Optional(IsoDate),
  sentAt: Type.Optional(IsoDate),
};

export const TrackMessage = Type.Object(
  {
    ...common,
    type: Type.Optional(Type.Literal('track')),
    event: Type.String({ minLength: 1, maxLength: 200 }),
    properties: Type.Optional(Dict),
  },
  { additionalProperties: true },
);
export const IdentifyMessage = Type.Object(
  { ...common, type: Type.Optional(Type.Literal('identify')), traits: Type.Optional(Dict) },
  { additionalProperties: true },
);
export const PageMessage = Type.Object(
  {
    ...common,
    type: Type.Optional(Type.Literal('page')),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    category: Type.Optional(Type.String({ maxLength: 200 })),
    properties: Type.Optional(Dict),
  },
  { additionalProperties: true },
);
export const ScreenMessage = Type.Object(
  {
    ...common,
    type: Type.Optional(Type.Literal('screen')),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    properties: Type.Optional(Dict),
  },
  { additionalProperties: true },
);
export const GroupMessage = Type.Object(
  { ...common, type: Type.Optional(Type.Literal('group')), groupId: Id, traits: Type.Optional(Dict) },
  { additionalProperties: true },
);
export const AliasMessage = Type.Object(
  { ...common, type: Type.Optional(Type.Literal('alias')), previousId: Id, userId: Id },
  { additionalProperties: true },
);

export const messageSchemas = {
  track: TrackMessage,
  identify: IdentifyMessage,
  page: PageMessage,
  screen: ScreenMessage,
  group: GroupMessage,
  alias: AliasMessage,
} as const;

export const BatchRequest = Type.Object(
  {
    batch: Type.Array(Type.Record(Type.String(), Type.Unknown()), {
      description: 'Messages, each with a `type`.',
    }),
    sentAt: Type.Optional(IsoDate),
    context: Type.Optional(Dict),
    integrations: Type.Optional(Dict),
  },
  { additionalProperties: true },
);

export const IngestResponse = Type.Object({ success: Type.Boolean() });

export const RejectedItem = Type.Object({
  index: Type.Integer(),
  messageId: Type.Union([Type.String(), Type.Null()]),
  code: Type.String(),
  message: Type.String(),
});

export const BatchResponse = Type.Object({
  success: Type.Boolean(),
  accepted: Type.Integer({ description: 'Valid events now durable (including retried duplicates).' }),
  rejected: Type.Array(RejectedItem, { description: 'Invalid events, dead-lettered with their reasons.' }),
});

export type BatchRequestBody = Static<typeof BatchRequest>;
