import { array, count, object, string } from '../api/decode';
import type { Decoder } from '../api/decode';

/** `GET /v1/stats/overview?days=N` */
export interface Overview {
  since: string;
  until: string;
  events: {
    total: number;
    byType: { type: string; count: number }[];
    perDay: DayCount[];
    topEvents: { event: string; count: number }[];
  };
  deadLetters: {
    total: number;
    byCode: { code: string; count: number }[];
    latest: DeadLetter[];
  };
  counts: {
    customers: number;
    products: number;
    orders: number;
    reviews: number;
    conversations: number;
    kbDocs: number;
  };
}

export interface DayCount {
  /** `YYYY-MM-DD` */
  day: string;
  count: number;
}

export interface DeadLetter {
  id: string;
  receivedAt: string;
  source: string;
  code: string;
  message: string;
}

export const overviewPath = (days: number): string => `/v1/stats/overview?days=${days}`;

export const decodeOverview: Decoder<Overview> = object<Overview>({
  since: string,
  until: string,
  events: object<Overview['events']>({
    total: count,
    byType: array(object({ type: string, count })),
    perDay: array(object<DayCount>({ day: string, count })),
    topEvents: array(object({ event: string, count })),
  }),
  deadLetters: object<Overview['deadLetters']>({
    total: count,
    byCode: array(object({ code: string, count })),
    latest: array(
      object<DeadLetter>({ id: string, receivedAt: string, source: string, code: string, message: string }),
    ),
  }),
  counts: object<Overview['counts']>({
    customers: count,
    products: count,
    orders: count,
    reviews: count,
    conversations: count,
    kbDocs: count,
  }),
});
