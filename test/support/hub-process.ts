import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

export const ROOT = resolve(__dirname, '../..');
export const MAIN = join(ROOT, 'dist/src/main.js');
export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export type DbKind = 'sqlite' | 'postgres';

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

/**
 * An isolated hub installation for one test file: its own DATA_DIR (SQLite
 * file), PostgreSQL schema and Redis key prefix on the machine's real
 * services. Processes started from it share those, like a deployment.
 */
export class HubEnv {
  readonly id = `t${randomBytes(5).toString('hex')}`;
  readonly dataDir = mkdtempSync(join(tmpdir(), 'hub-test-'));
  readonly procs: HubProcess[] = [];

  constructor(
    readonly db: DbKind,
    readonly extraEnv: Record<string, string> = {},
  ) {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} missing: run npm run build first (npm test does)`);
  }

  env(over: Record<string, string> = {}): Record<string, string> {
    return {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      DATA_DIR: this.dataDir,
      REDIS_URL,
      REDIS_PREFIX: this.id,
      QUEUE_LOCK_MS: '3000',
      OUTBOUND_BACKOFF_MS: '200',
      ...(this.db === 'postgres' ? { DATABASE_URL: PG_URL, DATABASE_SCHEMA: this.id } : {}),
      ...this.extraEnv,
      ...over,
    };
  }

  async start(role: 'all' | 'api' | 'worker' = 'all', over: Record<string, string> = {}): Promise<HubProcess> {
    const port = role === 'worker' ? 0 : await freePort();
    const p = new HubProcess(role, port, this.env({ HUB_ROLE: role, PORT: String(port), ...over }));
    this.procs.push(p);
    await p.ready();
    return p;
  }

  /** A statement that changes rows (a test ageing data), on either database; `query` opens SQLite read-only. */
  async exec(sql: string, params: unknown[] = []): Promise<void> {
    if (this.db === 'postgres') {
      await this.query(sql, params);
      return;
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Database = require('better-sqlite3');
    const db = new Database(join(this.dataDir, 'hub.sqlite'), { fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    try {
      db.prepare(sql).run(...params);
    } finally {
      db.close();
    }
  }

  /** SQL against this installation's database (PostgreSQL schema or SQLite file). */
  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    if (this.db === 'postgres') {
      const c = new Client({ connectionString: PG_URL });
      await c.connect();
      try {
        await c.query(`SET search_path TO "${this.id}"`);
        return (
          await c.query(
            sql.replace(/\?/g, (_m, i: number) => `$${sql.slice(0, i).split('?').length}`),
            params,
          )
        ).rows as T[];
      } finally {
        await c.end();
      }
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Database = require('better-sqlite3');
    const db = new Database(join(this.dataDir, 'hub.sqlite'), { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.procs.map((p) => p.stop()));
    if (this.db === 'postgres') {
      const c = new Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS "${this.id}" CASCADE`).catch(() => undefined);
      await c.end();
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const IORedis = require('ioredis');
    const r = new IORedis(REDIS_URL);
    const keys: string[] = await r.keys(`${this.id}:*`);
    for (let i = 0; i < keys.length; i += 500) await r.del(...keys.slice(i, i + 500));
    await r.quit();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

export class HubProcess {
  readonly child: ChildProcess;
  output = '';
  private exited: Promise<number | null>;

  constructor(
    readonly role: string,
    readonly port: number,
    env: Record<string, string>,
  ) {
    this.child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d) => (this.output += d));
    this.child.stderr!.on('data', (d) => (this.output += d));
    this.exited = new Promise((r) => this.child.once('exit', (code) => r(code)));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /**
   * Waits for the process's own readiness line ("hub <role> ready", printed after the HTTP server
   * listens or the workers start). The deadline scales with the machine's load (a busy CI machine
   * starts processes slower), and a timeout says why: the process's last output and, for an api,
   * what /health reports.
   */
  async ready(baseTimeoutMs = 30_000): Promise<void> {
    const started = Date.now();
    const line = this.role === 'worker' ? /hub worker ready/ : new RegExp(`hub ${this.role} ready`);
    for (;;) {
      if (this.child.exitCode !== null || this.child.signalCode) throw new Error(`hub ${this.role} exited early:\n${this.output}`);
      if (line.test(this.output)) return;
      if (Date.now() - started > scaledDeadline(baseTimeoutMs)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    let health = '';
    if (this.role !== 'worker') {
      try {
        const r = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(3000) });
        health = `\n/health ${r.status}: ${(await r.text()).slice(0, 1000)}`;
      } catch (err) {
        health = `\n/health unreachable: ${(err as Error).message}`;
      }
    }
    const load = loadavg()[0].toFixed(1);
    throw new Error(
      `hub ${this.role} not ready in ${Date.now() - started} ms (load ${load} on ${cpus().length} cores)${health}\nlast output:\n${this.output.slice(-3000)}`,
    );
  }

  waitExit(): Promise<number | null> {
    return this.exited;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode) return;
    this.child.kill('SIGTERM');
    const t = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(t);
  }
}

/** Polls until fn returns a truthy value. */
export async function eventually<T>(fn: () => Promise<T> | T, timeoutMs = 15_000, stepMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, stepMs));
  }
  throw new Error(`condition not met in ${timeoutMs} ms${last ? `: ${(last as Error).message}` : ''}`);
}

/** A start-up deadline that grows with the machine's load average per core (up to 6×), re-read while waiting. */
export function scaledDeadline(baseMs: number): number {
  const perCore = loadavg()[0] / Math.max(1, cpus().length);
  return baseMs * Math.min(6, Math.max(1, perCore));
}
