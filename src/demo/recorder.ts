import type { Rng } from '../shared/index.js';
import { uniform } from './distributions.js';
import type {
  DemoDeviceType,
  DemoJsonObject,
  DemoPlatform,
  SegmentContext,
  SegmentMessage,
  SegmentMessageType,
} from './types.js';

export const shopUrl = 'https://shop.maplemoss.example';

// Each distinct page URL is built once and shared by every message that visits it.
const urls = new Map<string, string>();
function urlOf(path: string): string {
  let url = urls.get(path);
  if (url === undefined) {
    url = shopUrl + path;
    if (urls.size > 50_000) urls.clear();
    urls.set(path, url);
  }
  return url;
}

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

export interface SimEvent {
  ms: number;
  /** 0 is the email provider's server-side source; devices count from 1. */
  stream: number;
  /** Events of one session are flushed together. */
  session: number;
  /** Sent by a mobile app, which may buffer offline and deliver days later. */
  offline: boolean;
  /** `messageId` and `timestamp` stay empty until delivery numbers the messages in time order. */
  msg: SegmentMessage;
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
  let url = urlOf('/');
  let referrer = options.referrer;
  const web = device.platform === 'web';

  // One session's messages share the constant parts of their context (read-only data, fewer objects to collect);
  // only a web page's url and referrer change from message to message.
  const deviceContext = { type: device.type };
  const campaignContext = campaign ? { ...campaign } : null;
  const appContext: SegmentContext = {
    ip: device.ip,
    userAgent: device.userAgent,
    device: deviceContext,
    locale: device.locale,
  };
  if (campaignContext) appContext.campaign = campaignContext;
  const context = (): SegmentContext => {
    if (!web) return appContext;
    const ctx: SegmentContext = {
      ip: device.ip,
      userAgent: device.userAgent,
      device: deviceContext,
      locale: device.locale,
    };
    ctx.page = { url, referrer };
    if (campaignContext) ctx.campaign = campaignContext;
    return ctx;
  };
  const push = (msg: SegmentMessage): void => {
    events.push({ ms: t, stream: device.stream, session, offline: !web, msg });
  };
  // Plain literals, no spreads: this runs for each of a few hundred thousand messages.
  const message = (type: SegmentMessageType): SegmentMessage =>
    userId
      ? { type, messageId: '', userId, anonymousId: device.anonymousId, context: context(), timestamp: '' }
      : { type, messageId: '', anonymousId: device.anonymousId, context: context(), timestamp: '' };

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
        url = urlOf(path);
      }
      const msg = message(web ? 'page' : 'screen');
      msg.name = name;
      msg.properties = web ? { url, path, title, referrer, ...extra } : { title, ...extra };
      push(msg);
    },
    track: (event, properties) => {
      const msg = message('track');
      msg.event = event;
      msg.properties = properties;
      push(msg);
      return properties;
    },
    identify: (id, traits) => {
      userId = id;
      const msg = message('identify');
      msg.traits = traits;
      push(msg);
    },
    alias: (id) => {
      const msg = message('alias');
      msg.userId = id;
      msg.previousId = device.anonymousId;
      push(msg);
    },
  };
}

/** A message from the email provider's server-side integration: userId only, no device. */
export function serverEvent(
  ms: number,
  userId: string,
  locale: string,
  event: string,
  properties: DemoJsonObject,
): SimEvent {
  return {
    ms,
    stream: 0,
    session: -1,
    offline: false,
    msg: { type: 'track', messageId: '', userId, event, properties, context: { locale }, timestamp: '' },
  };
}
