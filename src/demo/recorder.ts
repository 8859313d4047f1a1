import type { Rng } from '../shared/index.js';
import { uniform } from './distributions.js';
import type {
  DemoDeviceType,
  DemoJsonObject,
  DemoPlatform,
  SegmentContext,
  SegmentMessage,
} from './types.js';

export const shopUrl = 'https://shop.maplemoss.example';

/** A browser or an app install: one anonymousId at a time, logged in or not. */
export interface Device {
  anonymousId: string;
  platform: DemoPlatform;
  type: DemoDeviceType;
  userAgent: string;
  ip: string;
  locale: string;
  identified: boolean;
  /** Delivery stream: events of one device are delivered by that device's client. */
  stream: number;
}

/** A Segment message before delivery gives it a messageId and a timestamp string. */
export type DraftMessage = Omit<SegmentMessage, 'messageId' | 'timestamp'>;

export interface SimEvent {
  ms: number;
  /** 0 is the email provider's server-side source; devices count from 1. */
  stream: number;
  /** Events of one session are flushed together. */
  session: number;
  /** Sent by a mobile app, which may buffer offline and deliver days later. */
  offline: boolean;
  msg: DraftMessage;
}

export type CampaignContext = NonNullable<SegmentContext['campaign']>;

/** Records one session's messages with the device's context and a moving clock. */
export interface Recorder {
  readonly events: SimEvent[];
  now(): number;
  wait(rng: Rng, minSeconds: number, maxSeconds: number): void;
  at(ms: number): void;
  userId(): string | null;
  /** A page on the web, a screen in the app. */
  view(name: string, path: string, title: string, extra?: DemoJsonObject): void;
  track(event: string, properties: DemoJsonObject): DemoJsonObject;
  identify(userId: string, traits: DemoJsonObject): void;
  alias(userId: string): void;
}

export interface RecorderOptions {
  device: Device;
  userId: string | null;
  session: number;
  startMs: number;
  campaign: CampaignContext | null;
  referrer: string;
}

export function createRecorder(options: RecorderOptions): Recorder {
  const { device, session, campaign } = options;
  const events: SimEvent[] = [];
  let t = options.startMs;
  let userId = options.userId;
  let url = shopUrl + '/';
  let referrer = options.referrer;
  const web = device.platform === 'web';

  const context = (): SegmentContext => {
    const ctx: SegmentContext = { ip: device.ip, userAgent: device.userAgent, device: { type: device.type }, locale: device.locale };
    if (web) ctx.page = { url, referrer };
    if (campaign) ctx.campaign = { ...campaign };
    return ctx;
  };
  const push = (msg: DraftMessage): void => {
    events.push({ ms: t, stream: device.stream, session, offline: !web, msg });
  };
  const ids = (): Pick<DraftMessage, 'userId' | 'anonymousId'> =>
    userId ? { userId, anonymousId: device.anonymousId } : { anonymousId: device.anonymousId };

  return {
    events,
    now: () => t,
    wait: (rng, lo, hi) => {
      t += Math.floor(uniform(rng, lo, hi) * 1000);
    },
    at: (ms) => {
      t = Math.max(t, ms);
    },
    userId: () => userId,
    view: (name, path, title, extra = {}) => {
      if (web) {
        referrer = events.length === 0 ? referrer : url;
        url = shopUrl + path;
      }
      const properties: DemoJsonObject = web ? { url, path, title, referrer, ...extra } : { title, ...extra };
      push({ type: web ? 'page' : 'screen', ...ids(), name, properties, context: context() });
    },
    track: (event, properties) => {
      push({ type: 'track', ...ids(), event, properties, context: context() });
      return properties;
    },
    identify: (id, traits) => {
      userId = id;
      push({ type: 'identify', ...ids(), traits, context: context() });
    },
    alias: (id) => {
      push({ type: 'alias', userId: id, anonymousId: device.anonymousId, previousId: device.anonymousId, context: context() });
    },
  };
}

/** A message from the email provider's server-side integration: userId only, no device. */
export function serverEvent(ms: number, userId: string, locale: string, event: string, properties: DemoJsonObject): SimEvent {
  return { ms, stream: 0, session: -1, offline: false, msg: { type: 'track', userId, event, properties, context: { locale } } };
}
