/** Driver-neutral checks of the errors the hub recovers from. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string }; message?: string };
  const code = e?.driverError?.code ?? e?.code;
  return (
    code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || /UNIQUE constraint failed/.test(e?.message ?? '')
  );
}

export function isRetryableDbError(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string }; message?: string };
  const code = e?.driverError?.code ?? e?.code ?? '';
  return code.startsWith('SQLITE_BUSY') || code === 'SQLITE_LOCKED' || code === '40001' || code === '40P01' || /database is locked/.test(e?.message ?? '');
}

/** Another process created the same row first; the caller retries its transaction. */
export class ConcurrentCreateError extends Error {
  constructor() {
    super('concurrent create; retry');
  }
}

/** SQLSTATE classes 08 (connection exception) and 57P01–57P03 (administrator/crash shutdown, cannot connect now). */
const CONNECTION_SQLSTATE = /^(08...|57P0[123])$/;
const CONNECTION_SYSCALL = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTCONN']);
const CONNECTION_MESSAGE =
  /terminating connection|Connection terminated|connection (?:is )?closed|Client has encountered a connection error|Query runner already released|QueryRunnerAlreadyReleased|the database system is (?:shutting down|starting up)|timeout exceeded when trying to connect/i;

/**
 * The database connection was lost (terminated by an administrator, server restart, network):
 * the statement may or may not have run. Only idempotent work may be retried on it.
 */
export function isConnectionLost(err: unknown): boolean {
  for (
    let e = err as { code?: string; name?: string; message?: string; driverError?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 4;
    depth++
  ) {
    if (e.code && (CONNECTION_SQLSTATE.test(e.code) || CONNECTION_SYSCALL.has(e.code))) return true;
    if (e.name === 'QueryRunnerAlreadyReleasedError' || CONNECTION_MESSAGE.test(e.message ?? '')) return true;
    e = (e.driverError ?? e.cause) as typeof e;
  }
  return false;
}
