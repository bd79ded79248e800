import { readFileSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');

export interface ComposeService {
  command?: string | string[];
  environment?: Record<string, unknown> | string[];
  ports?: (string | number | { target: number | string })[];
  volumes?: (string | { type?: string; source?: string; target: string })[];
  healthcheck?: { test?: string | string[] };
  depends_on?: string[] | Record<string, { condition?: string }>;
  [key: string]: unknown;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: object | null;
}

/** A compose file of the repository, parsed. */
export function readCompose(file: string): ComposeFile {
  return parse(readFileSync(join(ROOT, file), 'utf8'));
}

/** The command as argv; compose splits a string command into words (no shell). */
export function commandOf(service: ComposeService): string[] {
  const { command } = service;
  if (command === undefined) throw new Error('service has no command');
  return Array.isArray(command) ? command.map(String) : command.trim().split(/\s+/);
}

/** `environment` as a map of strings, from either the map or the `KEY=value` list syntax. */
export function environmentOf(service: ComposeService): Record<string, string> {
  const { environment = {} } = service;
  const entries = Array.isArray(environment)
    ? environment.map((item) => {
        const index = item.indexOf('=');
        return index < 0 ? [item, ''] : [item.slice(0, index), item.slice(index + 1)];
      })
    : Object.entries(environment).map(([name, value]) => [
        name,
        value == null ? '' : String(value),
      ]);
  return Object.fromEntries(entries);
}

/** Container side of each published port: `3000:3000`, `127.0.0.1:3000:3000/tcp`, or long syntax. */
export function containerPorts(service: ComposeService): number[] {
  return (service.ports ?? []).map((port) =>
    typeof port === 'object'
      ? Number(port.target)
      : Number(String(port).split('/')[0].split(':').pop()),
  );
}

/** Named-volume mounts as { source, target }, from the short or the long syntax. */
export function volumeMounts(service: ComposeService): { source: string; target: string }[] {
  return (service.volumes ?? []).map((volume) => {
    if (typeof volume === 'object') return { source: volume.source ?? '', target: volume.target };
    const [source, target] = volume.split(':');
    return { source, target };
  });
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
