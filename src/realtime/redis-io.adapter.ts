import { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { Server, ServerOptions } from 'socket.io';
import { ResolvedConfig } from '../config/hub-config';
import { RealtimeService } from './realtime.service';

/** socket.io for the whole app, sharing rooms across api processes through Redis streams. */
export class RedisIoAdapter extends IoAdapter {
  private readonly realtime: RealtimeService;

  constructor(
    app: INestApplicationContext,
    private readonly cfg: ResolvedConfig,
  ) {
    super(app);
    this.realtime = app.get(RealtimeService);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, {
      ...options,
      adapter: this.realtime.adapterFactory(),
      maxHttpBufferSize: 256 * 1024,
      cors: { origin: this.cfg.WEBCHAT_CORS_ORIGINS === '*' ? true : this.cfg.WEBCHAT_CORS_ORIGINS.split(',').map((o) => o.trim()) },
      // Lets a web chat or console that lost its connection for a short while receive what it missed.
      connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: true },
    } as ServerOptions);
    this.realtime.attach(server);
    return server;
  }
}
