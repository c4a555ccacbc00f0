import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import type { IncomingMessage } from 'node:http';

type Directives = Record<string, (string | ((req: IncomingMessage) => string))[]>;

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * The socket.io endpoints of this host. CSP3 browsers already count same-host
 * ws:/wss: as 'self'; older Safari does not, so they are named. Only a plain
 * host[:port] is echoed, so a forged Host header cannot add directives.
 */
const sameHostSockets = (req: IncomingMessage): string => {
  const host = req.headers.host ?? '';
  return HOST.test(host) ? `ws://${host} wss://${host}` : '';
};

const common: Directives = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'object-src': ["'none'"],
  'form-action': ["'self'"],
  'font-src': ["'self'"],
  'connect-src': ["'self'", sameHostSockets],
};

/**
 * The console (web/) and the API: only our own bundled script and stylesheet;
 * data: for the inline favicon, blob: for citizens' attachments the console
 * fetches with the token and shows.
 */
const strict: Directives = {
  ...common,
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'media-src': ["'self'", 'blob:'],
  'frame-ancestors': ["'none'"],
};

/**
 * The web chat demo page (/widget): its own <style> block, and the widget
 * renders its styles inline in a shadow root. The widget script itself runs
 * under the CSP of whichever site embeds it; no frame-ancestors here so the
 * demo page may be shown inside the SIPINTER site.
 */
const widget: Directives = {
  ...common,
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
};

/** Swagger UI (/api/docs) writes inline styles and an inline bootstrap script. */
const docs: Directives = {
  ...common,
  'script-src': ["'self'", "'unsafe-inline'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'frame-ancestors': ["'none'"],
};

function headers(directives: Directives, embeddable: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    // Only over https (below): over plain http it means nothing and would pin a LAN host to https.
    strictTransportSecurity: false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    // widget.js is loaded by <script> from other sites: a same-origin CORP would block it.
    crossOriginResourcePolicy: { policy: embeddable ? 'cross-origin' : 'same-origin' },
    xFrameOptions: embeddable ? false : { action: 'deny' },
  }) as RequestHandler;
}

/**
 * Security headers for every HTTP response (socket.io's own endpoints are
 * served before Express and get none, which they do not need). HSTS only on
 * requests that came over https — directly or, with trust proxy, as said by
 * X-Forwarded-Proto from the proxy.
 */
export function securityHeaders(): RequestHandler {
  const forPages = headers(strict, false);
  const forWidget = headers(widget, true);
  const forDocs = headers(docs, false);
  const hsts = helmet.strictTransportSecurity({ maxAge: 180 * 24 * 3600 }) as RequestHandler;
  return (req: Request, res: Response, next: NextFunction) => {
    const p = req.path;
    const chosen =
      p === '/widget' || p === '/widget.js' || p === '/widget/welcome'
        ? forWidget
        : p === '/api/docs' || p.startsWith('/api/docs/') || p.startsWith('/api/docs-')
          ? forDocs
          : forPages;
    chosen(req, res, (err?: unknown) => {
      if (err) return next(err);
      if (req.secure) return hsts(req, res, next);
      next();
    });
  };
}
