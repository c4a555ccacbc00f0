import 'reflect-metadata';
import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { ConfigError } from './config/config.schema';
import { checkExtraConfig } from './module-config-docs';
import { loadConfig, ResolvedConfig } from './config/hub-config';
import { scrub } from './logging/redaction';
import { ensureEmbeddedRedis, RedisUnavailableError } from './embedded-redis';
import { securityHeaders } from './common/security-headers';
import { startProcessStats } from './common/process-stats';
import { RedisIoAdapter } from './realtime/redis-io.adapter';
import { recordEmbeddedRedis } from './redis/redis-durability';

/**
 * A rejection nobody awaited (a library's background reconnect, a fire-and-forget write while
 * Redis or PostgreSQL restarts) is logged, not fatal: Node's default would exit the process
 * while every connection is already reconnecting by itself.
 */
function survivePromiseLeaks(): void {
  process.on('unhandledRejection', (reason) => {
    const err = reason instanceof Error ? reason : new Error(String(reason));
    new NestLogger('process').error(`unhandled rejection (process keeps running): ${scrub(err.stack ?? err.message)}`);
  });
}

async function bootstrap(): Promise<void> {
  survivePromiseLeaks();
  let cfg: ResolvedConfig;
  try {
    cfg = loadConfig();
    checkExtraConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
  if (!cfg.REDIS_URL) {
    try {
      const outcome = await ensureEmbeddedRedis(cfg.EMBEDDED_REDIS_PORT, cfg.dataDir, (m) => console.log(m));
      recordEmbeddedRedis(outcome);
      if (outcome === 'found-running')
        console.log(`using the Redis already running on 127.0.0.1:${cfg.EMBEDDED_REDIS_PORT} (its persistence is its own; see /health)`);
    } catch (err) {
      if (err instanceof RedisUnavailableError) {
        console.error(err.message);
        process.exit(69);
      }
      throw err;
    }
  }

  announceDemoMode(cfg);
  startProcessStats(cfg.HUB_ROLE, cfg.LOG_LEVEL);
  const module = AppModule.forRoot(cfg);
  if (!cfg.runsApi) {
    // Worker only: no HTTP server, just the queue workers.
    const ctx = await NestFactory.createApplicationContext(module, { bufferLogs: true });
    ctx.useLogger(ctx.get(Logger));
    stopOnSignals(ctx);
    // Init starts the queue workers, after their emitter is open (HubWorkers).
    await ctx.init();
    // A plain line, whatever LOG_LEVEL: supervisors and tests wait for it.
    console.log(`hub worker ready (pid ${process.pid})`);
    return;
  }

  const app = await NestFactory.create<NestExpressApplication>(module, { bufferLogs: true, rawBody: true });
  app.useLogger(app.get(Logger));
  stopOnSignals(app);
  app.useWebSocketAdapter(new RedisIoAdapter(app, cfg));
  app.useBodyParser('json', { limit: '1mb' });
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  // Before any route (Swagger's included) so every response carries them.
  app.use(securityHeaders());
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('Layanan Bantuan SIPINTER').setDescription('Help desk hub API').setVersion('0.1').addBearerAuth().build(),
  );
  SwaggerModule.setup('api/docs', app, doc);
  await app.listen(cfg.PORT, cfg.HOST);
  // A plain line, whatever LOG_LEVEL: supervisors and tests wait for it (as for the worker's).
  console.log(`hub ${cfg.HUB_ROLE} ready (pid ${process.pid}, port ${cfg.PORT})`);
  app.get(Logger).log(`hub ${cfg.HUB_ROLE} listening on http://${cfg.HOST}:${cfg.PORT} (pid ${process.pid}, ${cfg.DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`);
}

/** Longest a stop may take before the process gives up on its hooks (a supervisor kills soon after). */
const STOP_DEADLINE_MS = 25_000;

/**
 * SIGTERM/SIGINT: run every shutdown hook (queue workers finish or release their jobs, sockets and
 * connections close), then exit 0. Nest's own enableShutdownHooks re-raises the signal afterwards, so
 * a normal stop would look like a kill (exit 143) to a supervisor.
 */
function stopOnSignals(app: { close(): Promise<void> }): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`hub stopping (${signal})`);
    const deadline = setTimeout(() => {
      console.error(`hub stop took over ${STOP_DEADLINE_MS} ms; exiting anyway`);
      process.exit(1);
    }, STOP_DEADLINE_MS);
    deadline.unref();
    app.close().then(
      () => process.exit(0),
      (err: Error) => {
        console.error(`hub stop failed: ${scrub(err.stack ?? err.message)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

/**
 * A plain line, whatever LOG_LEVEL: an installation with the demo accounts (published password)
 * must be impossible to mistake for a real one, above all in production.
 */
function announceDemoMode(cfg: ResolvedConfig): void {
  if (!cfg.DEMO_MODE) return;
  const why = cfg.demoExplicit ? 'DEMO_MODE=true' : 'embedded SQLite database outside production; set DEMO_MODE=false to turn it off';
  console.warn(`DEMO MODE (${why}): demo accounts with the published password and sample data are seeded; never use this installation for real citizens' data`);
  if (cfg.NODE_ENV === 'production') console.warn('DEMO MODE is on in production (DEMO_MODE=true)');
}

bootstrap().catch((err: Error) => {
  // Before app.useLogger() this goes to Nest's console logger, past pino's hooks.
  new NestLogger('main').error(scrub(err.stack ?? err.message));
  process.exit(1);
});
