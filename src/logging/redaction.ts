/**
 * Personal data never reaches the logs at info level: NIK (16 digits),
 * phone numbers and message bodies are masked. Debug level may show more
 * to a developer on their own machine, never in production.
 */
const NIK = /\b(\d{4})\d{8}(\d{4})\b/g;
const PHONE = /(\+?62|\b0)(8\d)[\d\s-]{5,11}(\d{3})\b/g;

export function scrub(text: string): string {
  return text.replace(NIK, '$1********$2').replace(PHONE, (_m, p: string, op: string, last: string) => `${p}${op}****${last}`);
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
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hub-signature-256"]',
  'req.headers["x-telegram-bot-api-secret-token"]',
];

export function pinoOptions(level: string) {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    hooks: {
      // Strings in the message itself (e.g. an error quoting user input) are scrubbed too.
      logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(
          this,
          args.map((a) => (typeof a === 'string' ? scrub(a) : a)),
        );
      },
    },
  };
}
