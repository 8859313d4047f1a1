import { pino, type Logger } from 'pino';

/** Paths pino blanks out: credentials and PII never reach the logs. */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.traits.email',
  '*.traits.phone',
  '*.traits.name',
  '*.email',
  '*.phone',
  'key',
  'token',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    redact: { paths: redactPaths, censor: '[redacted]' },
    base: { service: 'rapport' },
    serializers: {
      req: (req: { method?: string; url?: string }) => ({ method: req.method, url: safeUrl(req.url ?? '') }),
    },
  };
  return destination ? pino(options, destination as pino.DestinationStream) : pino(options);
}

/** Drops the query string's secrets (login tokens, emails) from logged URLs. */
export function safeUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const key of ['token', 'email', 'key']) if (params.has(key)) params.set(key, 'redacted');
  return `${url.slice(0, q)}?${params.toString()}`;
}
