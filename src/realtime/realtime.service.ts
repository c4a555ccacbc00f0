import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { once } from 'node:events';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import { Namespace, Server } from 'socket.io';
import { CONSOLE_NAMESPACE } from './namespaces';
import { RedisConnections } from '../redis/redis-connections';

/**
 * Emits socket.io events to rooms from any process. An api process uses
 * the server that listens on HTTP; a worker-only process uses a detached
 * server with the same Redis streams adapter, whose broadcasts reach the
 * sockets connected to every api process.
 */
@Injectable()
export class RealtimeService implements OnApplicationShutdown {
  private readonly log = new Logger(RealtimeService.name);
  private server?: Server;
  private detached = false;
  private adapterClient?: Redis;
  private consoleClient?: Redis;

  constructor(private readonly redis: RedisConnections) {}

  /**
   * The Redis streams adapters every socket.io server of the hub uses: citizens' pushes (web chat)
   * and officers' events (console) on streams of their own, so that each can have the connection
   * it needs and no process reads the other's entries back.
   */
  adapterFactory(): (nsp: Namespace) => ReturnType<ReturnType<typeof createAdapter>> {
    // Not auto-pipelined: a pipelined XADD leaves at the end of the tick, so a process that dies
    // right after an emit (crash-safety's outbound.after-push) would lose a push it recorded as made.
    this.adapterClient = this.redis.open('socketio');
    const pushes = createAdapter(this.adapterClient, {
      streamName: `${this.redis.prefix}:socket.io`,
      channelPrefix: `${this.redis.prefix}:socket.io`,
      maxLen: 100_000,
    });
    // Console events are a view of what is stored (a console that misses one reloads), so their
    // XADDs may share socket writes: several events of one tick go out in one write.
    this.consoleClient = this.redis.open('socketio-console', { enableAutoPipelining: true });
    const consoleEvents = createAdapter(this.consoleClient, {
      streamName: `${this.redis.prefix}:socket.io:console`,
      channelPrefix: `${this.redis.prefix}:socket.io:console`,
      maxLen: 100_000,
    });
    // socket.io calls it with `new`: a plain function (not an arrow) whose returned object wins.
    return function adapterFor(nsp: Namespace) {
      return nsp.name === CONSOLE_NAMESPACE ? consoleEvents(nsp) : pushes(nsp);
    };
  }

  attach(server: Server): void {
    this.server = server;
  }

  /**
   * A worker-only process opens its detached emitter before it takes jobs, and waits for its Redis
   * connection: created at the first emit instead, that emit would wait in ioredis's offline queue,
   * and a process dying right after it (a push already recorded as made) would lose it.
   */
  async openEmitter(): Promise<void> {
    this.io();
    for (const c of [this.adapterClient, this.consoleClient]) if (c && c.status !== 'ready') await once(c, 'ready');
  }

  private io(): Server {
    if (!this.server) {
      this.server = new Server({ adapter: this.adapterFactory() });
      // The console namespace (and so its adapter) at once: shutdown closes the adapters of the
      // namespaces there are, and a console adapter never made would leave its stream reader and
      // subscriber connections open (a worker that ended before its first console event).
      this.server.of(CONSOLE_NAMESPACE);
      this.detached = true;
      this.log.log('detached socket.io emitter ready');
    }
    return this.server;
  }

  /** To the sockets in `rooms`, but none in `except` (a socket in both does not hear it). */
  emit(namespace: string, rooms: string | string[], event: string, payload: unknown, except?: string | string[]): void {
    const to = this.io().of(namespace).to(rooms);
    (except ? to.except(except) : to).emit(event, payload);
  }

  /** Tells the sockets in some rooms why, then disconnects them, on every api process. */
  disconnect(namespace: string, rooms: string | string[], event: string, payload: unknown): void {
    const nsp = this.io().of(namespace);
    nsp.to(rooms).emit(event, payload);
    nsp.in(rooms).disconnectSockets(true);
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.detached || !this.server) return;
    // A detached server has no engine or HTTP server: Server.close() would throw on it; closing its
    // namespaces' adapters is all there is to release (the Redis connection closes with RedisConnections).
    for (const nsp of this.server._nsps.values()) await Promise.resolve(nsp.adapter.close()).catch(() => undefined);
  }
}
