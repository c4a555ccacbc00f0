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
