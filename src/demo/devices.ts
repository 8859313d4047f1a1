import type { Rng } from '../shared/index.js';
import type { Device } from './recorder.js';
import type { DemoDeviceType, DemoPlatform } from './types.js';

const userAgents: Record<string, readonly string[]> = {
  'web:desktop': [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0',
  ],
  'web:mobile': [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
    'Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Mobile Safari/537.36',
  ],
  'web:tablet': [
    'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  ],
  'app:mobile': ['MapleMoss/3.4.1 (iPhone; iOS 17.5; Scale/3.00)', 'MapleMoss/3.4.0 (Android 14; Pixel 8)'],
};

// First octets of ordinary public address blocks; no private or reserved ranges.
const octets = [
  31, 37, 46, 62, 77, 78, 80, 81, 82, 84, 85, 87, 88, 89, 91, 93, 94, 95, 109, 176, 178, 185, 188, 212, 217,
];

export interface DeviceFactory {
  create(rng: Rng, platform: DemoPlatform, type: DemoDeviceType, locale: string, identified: boolean): Device;
  /** Cleared cookies: a fresh anonymousId, logged out. */
  renew(device: Device): void;
}

export function createDeviceFactory(anonymousId: () => string): DeviceFactory {
  let stream = 0;
  return {
    create: (rng, platform, type, locale, identified) => ({
      anonymousId: anonymousId(),
      platform,
      type,
      userAgent: rng.pick(userAgents[`${platform}:${type}`] ?? userAgents['web:desktop'] ?? ['']),
      ip: `${rng.pick(octets)}.${rng.int(0, 256)}.${rng.int(0, 256)}.${rng.int(1, 255)}`,
      locale,
      identified,
      stream: ++stream,
    }),
    renew: (device) => {
      device.anonymousId = anonymousId();
      device.identified = false;
    },
  };
}
