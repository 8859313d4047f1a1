import { Command } from 'commander';
import type { Runtime } from '../../server/index.js';
import { startServer } from '../../server/index.js';
import { openRuntime } from '../context.js';
import { failAndExit, note, printJson, printLine } from '../output.js';

export interface ServeOptions {
  host?: string;
  port?: string;
  json?: boolean;
}

/** Serves the API and dashboard over a runtime until SIGINT/SIGTERM; prints a one-time login URL. */
export async function serve(
  runtime: Runtime,
  opts: ServeOptions,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const host = opts.host ?? runtime.config.server.host;
  const port = opts.port !== undefined ? Number(opts.port) : runtime.config.server.port;
  const server = await startServer(runtime, { host, port });
  const token = await runtime.access.createLoginToken();
  const loginUrl = `${server.url}/login?token=${token}`;
  if (opts.json) printJson({ ...extra, url: server.url, loginUrl });
  else {
    printLine(`Rapport is serving the API and dashboard at ${server.url}`);
    printLine(`Open the dashboard (one-time link, valid 24 h):\n    ${loginUrl}`);
    printLine('Press Ctrl+C to stop.');
  }
  await new Promise<void>((resolve) => {
    const stop = () => {
      note('stopping…');
      void server.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export function serveCommand(): Command {
  return new Command('serve')
    .description('Serve the collect API, read API and dashboard')
    .option('--host <host>', 'interface to listen on (RAPPORT_HOST, default 127.0.0.1)')
    .option('--port <port>', 'port (RAPPORT_PORT, default 4010)')
    .option('--json', 'print the URLs as JSON on stdout')
    .action(async (opts: ServeOptions) => {
      try {
        const runtime = await openRuntime();
        await serve(runtime, opts);
      } catch (error) {
        failAndExit(error, Boolean(opts.json));
      }
    });
}

export function loginCommand(): Command {
  return new Command('login')
    .description('Print a new one-time dashboard login URL for a running server')
    .option('--json', 'print JSON on stdout')
    .action(async (opts: { json?: boolean }) => {
      try {
        const runtime = await openRuntime();
        const token = await runtime.access.createLoginToken();
        const { host, port } = runtime.config.server;
        await runtime.close();
        const loginUrl = `http://${host}:${port}/login?token=${token}`;
        if (opts.json) printJson({ loginUrl });
        else printLine(loginUrl);
      } catch (error) {
        failAndExit(error, Boolean(opts.json));
      }
    });
}
