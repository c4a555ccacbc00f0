import { stdSerializers } from 'pino';

/**
 * Personal data never reaches the logs at info level: NIK (16 digits),
 * phone numbers and message bodies are masked. Debug level may show more
 * to a developer on their own machine, never in production.
 */
const NIK = /(?<!\d)(\d{4})\d{8}(\d{4})(?!\d)/g;
// +62 / 62 / 0, then 8x: mobile numbers of 9 to 15 digits, written with or without spaces and dashes.
// The lookbehind keeps it from starting inside a longer number (a timestamp, an id).
const PHONE = /(?<!\d)(\+?62[\s-]?|(?<![A-Za-z_])0)(8\d)[\d\s-]{3,12}(\d{3})(?!\d)/g;
// A Telegram bot token (in Bot API URLs quoted by HTTP errors) is the bot's whole credential.
const BOT_TOKEN = /\b(bot)?(\d{5,12}):[A-Za-z0-9_-]{20,}/g;
const JWT = /\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]{5,}/g;
// PostgreSQL's constraint errors quote the row: `Key (phone)=(+62812…) already exists`.
const KEY_DETAIL = /\bKey \(((?:[^()]|\([^)]*\))*)\)=\((?:[^()]|\([^)]*\))*\)/g;

export const CENSOR = '[redacted]';

export function scrub(text: string): string {
  return text
    .replace(KEY_DETAIL, `Key ($1)=(${CENSOR})`)
    .replace(JWT, CENSOR)
    .replace(BOT_TOKEN, (_m, bot: string | undefined, id: string) => `${bot ?? ''}${id}:${CENSOR}`)
    .replace(NIK, '$1********$2')
    .replace(PHONE, (_m, p: string, op: string, last: string) => `${p.replace(/[\s-]/g, '')}${op}****${last}`);
}

/**
 * A request URL as logged: the path scrubbed, every query value replaced
 * (searches carry NIKs and phone numbers, webhooks carry verify tokens).
 * The keys stay, so the log still says which filters a request used.
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return scrub(url);
  const query = url
    .slice(q + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq < 0 ? scrub(pair) : `${scrub(pair.slice(0, eq))}=${CENSOR}`;
    });
  return `${scrub(url.slice(0, q))}?${query.join('&')}`;
}

/** Headers that authenticate a caller or sign a body: the hub checks them, the log never needs them. */
export const SECRET_HEADERS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-admin-token',
  'x-api-key',
  'x-hub-signature',
  'x-hub-signature-256',
  'x-signature-256',
  'x-telegram-bot-api-secret-token',
];
// Also any header a future channel adds that names itself a credential.
const SECRET_HEADER_NAME = /auth|token|secret|signature|cookie|api-?key|session|password/i;

export function redactHeaders(headers: unknown): Record<string, unknown> {
  if (!headers || typeof headers !== 'object') return {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(headers as Record<string, unknown>)) {
    out[k] = SECRET_HEADERS.includes(k.toLowerCase()) || SECRET_HEADER_NAME.test(k) ? CENSOR : typeof v === 'string' ? scrub(v) : v;
  }
  return out;
}

interface SerializedReq {
  id?: unknown;
  method?: string;
  url?: string;
  headers?: unknown;
  remoteAddress?: string;
  remotePort?: number;
}

/**
 * pino-http's req serializer (it receives pino's standard serialization).
 * `query` and `params` are dropped: they repeat the URL's values unredacted.
 */
export function reqSerializer(req: SerializedReq) {
  return {
    id: req.id,
    method: req.method,
    url: typeof req.url === 'string' ? redactUrl(req.url) : req.url,
    headers: redactHeaders(req.headers),
    remoteAddress: req.remoteAddress,
    remotePort: req.remotePort,
  };
}

export function resSerializer(res: { statusCode?: number; headers?: unknown }) {
  return { statusCode: res.statusCode, headers: redactHeaders(res.headers) };
}

// Error properties holding the values a failed statement was run with (TypeORM's QueryFailedError).
const VALUE_KEYS = new Set(['parameters', 'params', 'values', 'bindings']);

function scrubDeep(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return scrub(value);
  if (!value || typeof value !== 'object') return value;
  if (depth > 4 || seen.has(value)) return '[circular or deep]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = VALUE_KEYS.has(k) ? CENSOR : scrubDeep(v, depth + 1, seen);
  return out;
}

/**
 * Errors are logged as objects, which the logMethod hook does not see:
 * message, stack, pg's `detail` and nested driver errors are scrubbed here,
 * statement parameters dropped.
 */
export function errSerializer(err: unknown): unknown {
  const base = err instanceof Error ? stdSerializers.err(err) : err;
  return scrubDeep(base, 0, new WeakSet());
}

/** Paths pino blanks out wherever they appear in a log object. */
export const REDACT_PATHS = [
  'text',
  'body',
  'phone',
  'nik',
  'password',
  '*.text',
  '*.body',
  '*.phone',
  '*.nik',
  '*.password',
  '*.passwordHash',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.visitorToken',
  // reqSerializer already blanks these; kept in case a log line carries raw headers some other way.
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hub-signature-256"]',
  'req.headers["x-telegram-bot-api-secret-token"]',
  'req.headers["x-signature-256"]',
];

export function pinoOptions(level: string) {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: CENSOR },
    serializers: { req: reqSerializer, res: resSerializer, err: errSerializer },
    hooks: {
      // Strings in the message itself (e.g. an error quoting user input) are scrubbed too,
      // and so are the top-level strings of a merged object.
      logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(
          this,
          args.map((a) => (typeof a === 'string' ? scrub(a) : isPlainObject(a) ? scrubTopLevel(a) : a)),
        );
      },
    },
  };
}

function isPlainObject(a: unknown): a is Record<string, unknown> {
  return !!a && typeof a === 'object' && Object.getPrototypeOf(a) === Object.prototype;
}

function scrubTopLevel(o: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(o)) {
    if (typeof v !== 'string') continue;
    const s = scrub(v);
    if (s !== v) (out ??= { ...o })[k] = s;
  }
  return out ?? o;
}
