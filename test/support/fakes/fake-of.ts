/**
 * Auto-built fakes for unit tests (immich's newTestService pattern): every
 * method on the class's prototype chain becomes a jest.fn(), so a service is
 * tested against its repositories and ports without a database.
 */
export function fakeOf<T>(cls: new (...args: never[]) => T): jest.Mocked<T> {
  const fake: Record<string, jest.Mock> = {};
  for (let proto = cls.prototype as object | null; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (key === 'constructor' || key in fake) continue;
      const d = Object.getOwnPropertyDescriptor(proto, key);
      if (d && typeof d.value === 'function') fake[key] = jest.fn();
    }
  }
  return fake as unknown as jest.Mocked<T>;
}

/** A TransactionRunner that runs each unit at once with an empty handle (repositories are fakes too). */
export class FakeTransactionRunner {
  readonly manager = {};
  run<T>(fn: (m: never) => Promise<T>): Promise<T> {
    return fn({} as never);
  }
  read<T>(fn: (m: never) => Promise<T>): Promise<T> {
    return fn({} as never);
  }
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return fn();
  }
}
