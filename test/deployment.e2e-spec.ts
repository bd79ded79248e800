/**
 * Proves the deployment files without a Docker engine: docker-compose.yml, Dockerfile and
 * .env.example must agree with EnvironmentVariables, and the compose service's command, run as a
 * real process with the service's environment, must serve /health, accept a task and stop cleanly
 * on SIGTERM (what `docker compose stop` sends).
 */
import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, posix } from 'node:path';
import { EnvironmentVariables, validateEnvironment } from '@app/config';
import {
  ComposeService,
  commandOf,
  containerPorts,
  environmentOf,
  freePort,
  readCompose,
  volumeMounts,
} from './support/compose';

const ROOT = join(__dirname, '..');
const BUNDLE = join(ROOT, 'dist/apps/monolith/main.js');
const SERVICE_NAME = 'scheduler';
const COMPOSE_FILE = 'docker-compose.yml';

function composeService(): ComposeService {
  const service = readCompose(COMPOSE_FILE).services?.[SERVICE_NAME];
  if (!service) throw new Error(`${COMPOSE_FILE} has no service '${SERVICE_NAME}'`);
  return service;
}
const KNOWN_VARIABLES = Object.keys(new EnvironmentVariables());
const DEFAULTS = new EnvironmentVariables() as unknown as Record<string, unknown>;

/** The healthcheck as argv: `[CMD, ...argv]` as is, `CMD-SHELL` and strings through a shell. */
function healthcheckArgv(test: string | string[] | undefined): string[] {
  if (test === undefined) throw new Error('no healthcheck test');
  if (typeof test === 'string') return ['sh', '-c', test];
  const [kind, ...rest] = test;
  if (kind === 'CMD') return rest;
  if (kind === 'CMD-SHELL') return ['sh', '-c', rest.join(' ')];
  throw new Error(`unsupported healthcheck test ${JSON.stringify(test)}`);
}

// ---------- Dockerfile ----------

interface Instruction {
  keyword: string;
  args: string;
}

/** Instructions of the last stage (the image that runs), continuation lines joined. */
function runtimeStage(): Instruction[] {
  const lines = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
    .split('\n')
    .filter((line) => !/^\s*#/.test(line));
  const instructions: Instruction[] = [];
  let pending = '';
  for (const line of lines) {
    pending += line.trimEnd();
    if (pending.endsWith('\\')) {
      pending = pending.slice(0, -1) + ' ';
      continue;
    }
    const match = /^\s*([A-Za-z]+)\s+(.*)$/.exec(pending);
    if (match) instructions.push({ keyword: match[1].toUpperCase(), args: match[2].trim() });
    pending = '';
  }
  const lastFrom = instructions.map((i) => i.keyword).lastIndexOf('FROM');
  return instructions.slice(lastFrom + 1);
}

function lastInstruction(stage: Instruction[], keyword: string): Instruction | undefined {
  return stage.filter((instruction) => instruction.keyword === keyword).pop();
}

/** Exec form only (`["node", ...]`): the shell form would put /bin/sh in front of node as PID 1. */
function execForm(args: string): string[] {
  const argv: unknown = JSON.parse(args);
  if (!Array.isArray(argv) || !argv.every((arg) => typeof arg === 'string')) {
    throw new Error(`not an exec-form argument list: ${args}`);
  }
  return argv;
}

/** The `ENV KEY=value ...` variables of the runtime stage (unquoted values). */
function dockerfileEnvironment(stage: Instruction[]): Record<string, string> {
  const pairs = stage
    .filter((instruction) => instruction.keyword === 'ENV')
    .flatMap((instruction) => instruction.args.split(/\s+/))
    .map((pair) => /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(pair));
  if (pairs.some((pair) => pair === null)) throw new Error('ENV must use unquoted KEY=value pairs');
  return Object.fromEntries(pairs.map((pair) => [pair![1], pair![2]]));
}

// ---------- .env.example ----------

function readEnvExample(): Map<string, string> {
  const variables = new Map<string, string>();
  for (const raw of readFileSync(join(ROOT, '.env.example'), 'utf8').split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!match) throw new Error(`.env.example: not a KEY=value line: ${raw}`);
    if (variables.has(match[1])) throw new Error(`.env.example: ${match[1]} appears twice`);
    variables.set(match[1], match[2]);
  }
  return variables;
}

// ---------- process helpers ----------

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `promise`, or 'timeout' after `ms`; the timer never outlives the race (no open handle). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(resolve, ms, 'timeout')));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The last lines the service printed, for failure messages. */
function tail(text: string, lines = 30): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

describe('deployment files', () => {
  it('compose service runs the monolith bundle', () => {
    expect(commandOf(composeService())).toEqual(['node', 'dist/apps/monolith/main.js']);
  });

  it('compose publishes the container port the app listens on (PORT)', () => {
    const service = composeService();
    const port = Number(environmentOf(service).PORT);
    expect(Number.isInteger(port)).toBe(true);
    expect(containerPorts(service)).toContain(port);
  });

  it('compose environment holds only known variables, with valid values', () => {
    const environment = environmentOf(composeService());
    expect(Object.keys(environment).filter((name) => !KNOWN_VARIABLES.includes(name))).toEqual([]);
    expect(() => validateEnvironment(environment)).not.toThrow();
  });

  it('compose mounts a named volume at the directory of SQLITE_PATH (and of the jobs backup)', () => {
    const compose = readCompose(COMPOSE_FILE);
    const service = composeService();
    const environment = environmentOf(service);
    const dataDirectory = posix.dirname(environment.SQLITE_PATH);
    const mount = volumeMounts(service).find((volume) => volume.target === dataDirectory);
    expect(mount).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(mount!.source);
    expect(posix.dirname(environment.MESSAGING_BACKUP_FILE)).toBe(dataDirectory);
  });

  it('.env.example lists exactly the known variables, each with its default', () => {
    const example = readEnvExample();
    expect([...example.keys()].filter((name) => !KNOWN_VARIABLES.includes(name))).toEqual([]);
    for (const name of KNOWN_VARIABLES) {
      expect({ name, value: example.get(name) }).toEqual({ name, value: String(DEFAULTS[name]) });
    }
  });

  it('Dockerfile runs the same command as compose, as a non-root user, with a healthcheck', () => {
    const stage = runtimeStage();
    const cmd = lastInstruction(stage, 'CMD');
    expect(cmd).toBeDefined();
    expect(execForm(cmd!.args)).toEqual(commandOf(composeService()));

    const user = lastInstruction(stage, 'USER');
    expect(user).toBeDefined();
    expect(user!.args.split(':')[0]).not.toMatch(/^(root|0)$/);

    const healthcheck = lastInstruction(stage, 'HEALTHCHECK');
    expect(healthcheck).toBeDefined();
    expect(healthcheck!.args).toMatch(/\bCMD\s+\[/);
  });

  it('Dockerfile EXPOSEs the compose PORT and its ENV values are valid', () => {
    const stage = runtimeStage();
    const exposed = stage
      .filter((instruction) => instruction.keyword === 'EXPOSE')
      .flatMap((instruction) => instruction.args.split(/\s+/))
      .map((port) => Number(port.split('/')[0]));
    expect(exposed).toContain(Number(environmentOf(composeService()).PORT));
    expect(() => validateEnvironment(dockerfileEnvironment(stage))).not.toThrow();
  });
});

describe('start-up with a bad configuration', () => {
  it('exits 1 with a message naming the variable, before serving anything', () => {
    const result = spawnSync(process.execPath, [BUNDLE], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', PORT: 'abc', SCHEDULER_BACKEND: 'postgres' },
      encoding: 'utf8',
      timeout: 20_000,
    });

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Invalid configuration');
    expect(result.stderr).toContain('PORT="abc"');
    expect(result.stderr).toContain('SCHEDULER_BACKEND="postgres"');
  }, 30_000);
});

describe('compose service command as a process', () => {
  let child: ChildProcess | undefined;
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  let output = '';
  let dataDirectory: string;

  beforeAll(() => {
    dataDirectory = mkdtempSync(join(tmpdir(), 'scheduler-compose-'));
    if (!existsSync(BUNDLE)) {
      execFileSync('npx', ['nest', 'build', 'monolith'], {
        cwd: ROOT,
        timeout: 120_000,
        stdio: 'inherit',
      });
    }
  }, 120_000);

  afterAll(async () => {
    if (child && isRunning(child)) {
      child.kill('SIGKILL');
      await within(exited, 5_000);
    }
    rmSync(dataDirectory, { recursive: true, force: true });
  });

  /** Runs a healthcheck argv against the running app; PORT as the container would see it. */
  function runHealthcheck(argv: string[], port: number): number | null {
    const result = spawnSync(argv[0], argv.slice(1), {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port) },
      timeout: 10_000,
    });
    return result.status;
  }

  it('serves /health, creates a task and exits 0 on SIGTERM', async () => {
    const service = composeService();
    const stage = runtimeStage();
    const port = await freePort();
    const environment = environmentOf(service);
    const sqliteFile = join(dataDirectory, basename(environment.SQLITE_PATH));

    // The container's environment: the image's ENV, then compose's environment on top. Nothing
    // from this shell may leak in (a stray LOG_FORMAT or HOST would not be in the container).
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !KNOWN_VARIABLES.includes(name)),
    );
    const env: NodeJS.ProcessEnv = {
      ...inherited,
      ...dockerfileEnvironment(stage),
      ...environment,
      PORT: String(port),
      SQLITE_PATH: sqliteFile,
      MESSAGING_BACKUP_FILE: join(dataDirectory, basename(environment.MESSAGING_BACKUP_FILE)),
    };

    const [command, ...args] = commandOf(service);
    const started = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    exited = new Promise((resolve) =>
      started.once('exit', (code, signal) => resolve({ code, signal })),
    );
    started.stdout!.on('data', (chunk) => (output += chunk));
    started.stderr!.on('data', (chunk) => (output += chunk));
    started.once('error', (error) => (output += `\nspawn error: ${error.message}`));

    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 20_000;
    let health: { status?: string } | undefined;
    while (!health) {
      if (!isRunning(started)) {
        throw new Error(`the service exited before it was healthy:\n${tail(output)}`);
      }
      if (Date.now() > deadline)
        throw new Error(`no 200 from /health within 20 s:\n${tail(output)}`);
      try {
        const response = await fetch(`${base}/health`);
        if (response.status === 200) health = await response.json();
      } catch {
        // Not listening yet.
      }
      if (!health) await sleep(100);
    }
    expect(health.status).toBe('ok');

    // The healthchecks of compose and of the Dockerfile pass against the running service.
    expect(runHealthcheck(healthcheckArgv(service.healthcheck?.test), port)).toBe(0);
    const dockerHealthcheck = /\bCMD\s+(\[.*\])\s*$/.exec(
      lastInstruction(stage, 'HEALTHCHECK')!.args,
    );
    expect(dockerHealthcheck).not.toBeNull();
    expect(runHealthcheck(execForm(dockerHealthcheck![1]), port)).toBe(0);

    const created = await fetch(`${base}/api/v1/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'compose smoke',
        task_type: 'repeated',
        payload: { k: 'v' },
        scheduled_at: '2024-01-15T09:00:00Z',
        repeat_interval: 'daily',
      }),
    });
    const task = await created.json();
    expect({ status: created.status, task }).toMatchObject({ status: 201 });
    expect(typeof task.next_run_at).toBe('string');
    expect(Number.isNaN(Date.parse(task.next_run_at))).toBe(false);

    started.kill('SIGTERM');
    const exit = await within(exited, 10_000);
    if (exit === 'timeout') throw new Error(`still running 10 s after SIGTERM:\n${tail(output)}`);
    if (exit.code !== 0) {
      throw new Error(
        `expected exit code 0 after SIGTERM, got ${JSON.stringify(exit)}:\n${tail(output)}`,
      );
    }
    expect(exit).toEqual({ code: 0, signal: null });
    expect(existsSync(sqliteFile)).toBe(true);

    // Once the service is gone the healthcheck must report unhealthy.
    expect(runHealthcheck(healthcheckArgv(service.healthcheck?.test), port)).not.toBe(0);
  }, 30_000);
});
