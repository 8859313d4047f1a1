import { array, boolean, count, nullable, number, object, record, string, unknown } from '../api/decode';
import type { Decoder } from '../api/decode';

export interface Rfm {
  recency: number;
  frequency: number;
  monetary: number;
  r: number;
  f: number;
  m: number;
  segment: string;
}

/** A profile as `GET /v1/profiles` lists it; PII in `traits` is masked unless the session is admin. */
export interface ProfileSummary {
  customerId: string;
  userId: string | null;
  traits: Record<string, unknown>;
  firstSeenAt: string | null;
  lastSeenAt: string | null;
  eventCount: number;
  rfm: Rfm | null;
}

export interface ProfilePage {
  data: ProfileSummary[];
  nextCursor: string | null;
}

export interface ConsentState {
  purpose: string;
  granted: boolean;
  source: string;
  at: string | null;
}

export interface Membership {
  id: string;
  name: string;
  kind: string;
  since: string;
}

export interface TimelineEvent {
  id: string;
  type: string;
  event: string | null;
  name: string | null;
  timestamp: string;
  properties: unknown;
}

/** `GET /v1/profiles/:id?events=N` */
export interface ProfileDetail extends ProfileSummary {
  computedTraits: Record<string, unknown>;
  features: Record<string, unknown>;
  consent: ConsentState[];
  segments: Membership[];
  recentEvents: TimelineEvent[];
}

export type ProfileSearch = { by: 'q'; text: string } | { by: 'email'; text: string };

export const PAGE_SIZE = 25;
export const TIMELINE_EVENTS = 25;

export function profilesPath(search: ProfileSearch, cursor: string | null): string {
  const params = new URLSearchParams();
  if (search.by === 'email') params.set('email', search.text);
  else {
    params.set('limit', String(PAGE_SIZE));
    if (search.text !== '') params.set('q', search.text);
    if (cursor !== null) params.set('cursor', cursor);
  }
  return `/v1/profiles?${params.toString()}`;
}

export const profileHref = (customerId: string): string => `#/profiles/${encodeURIComponent(customerId)}`;

export const profilePath = (id: string): string =>
  `/v1/profiles/${encodeURIComponent(id)}?events=${TIMELINE_EVENTS}`;

const optionalString: Decoder<string | null> = nullable(string);

const decodeRfm: Decoder<Rfm> = object<Rfm>({
  recency: number,
  frequency: number,
  monetary: number,
  r: count,
  f: count,
  m: count,
  segment: string,
});

const summaryFields = {
  customerId: string,
  userId: optionalString,
  traits: record,
  firstSeenAt: optionalString,
  lastSeenAt: optionalString,
  eventCount: count,
  rfm: nullable(decodeRfm),
};

export const decodeProfilePage: Decoder<ProfilePage> = object<ProfilePage>({
  data: array(object<ProfileSummary>(summaryFields)),
  nextCursor: optionalString,
});

export const decodeProfileDetail: Decoder<ProfileDetail> = object<ProfileDetail>({
  ...summaryFields,
  computedTraits: record,
  features: record,
  consent: array(
    object<ConsentState>({ purpose: string, granted: boolean, source: string, at: optionalString }),
  ),
  segments: array(object<Membership>({ id: string, name: string, kind: string, since: string })),
  recentEvents: array(
    object<TimelineEvent>({
      id: string,
      type: string,
      event: optionalString,
      name: optionalString,
      timestamp: string,
      properties: unknown,
    }),
  ),
});

export interface ScoreContribution {
  feature: string;
  value: number | string | null;
  contribution: number;
}

/** One model score of a customer, from the model's active version. */
export interface CustomerScore {
  name: string;
  value: number;
  model: { id: string; version: number };
  asOf: string | null;
  contributions: ScoreContribution[];
}

/** `GET /v1/profiles/:id/scores` */
export interface CustomerScores {
  customerId: string;
  scores: CustomerScore[];
}

export const profileScoresPath = (id: string): string => `/v1/profiles/${encodeURIComponent(id)}/scores`;

const scalarValue: Decoder<number | string | null> = (value, path) =>
  value === null ? null : typeof value === 'number' ? number(value, path) : string(value, path);

export const decodeCustomerScores: Decoder<CustomerScores> = object<CustomerScores>({
  customerId: string,
  scores: array(
    object<CustomerScore>({
      name: string,
      value: number,
      model: object<{ id: string; version: number }>({ id: string, version: count }),
      asOf: optionalString,
      contributions: array(
        object<ScoreContribution>({ feature: string, value: scalarValue, contribution: number }),
      ),
    }),
  ),
});
