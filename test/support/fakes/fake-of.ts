import type { Tx } from '../../../src/database/transaction-runner';

/**
 * A fake of a class (immich's newTestService pattern): every method of its prototype chain is a
 * jest.fn(), so a service's unit test sets only the answers it needs.
 */
export function fakeOf<T>(cls: new (...args: never[]) => T): jest.Mocked<T> {
  const fake: Record<string, jest.Mock> = {};
  for (let proto = cls.prototype as object | null; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor' || name in fake) continue;
      const d = Object.getOwnPropertyDescriptor(proto, name);
      if (d && typeof d.value === 'function') fake[name] = jest.fn();
    }
  }
  return fake as unknown as jest.Mocked<T>;
}

/** TransactionRunner without a database: units run at once on an empty handle. */
export class FakeTransactionRunner {
  manager = {} as Tx;
  run<T>(fn: (m: Tx) => Promise<T>): Promise<T> {
    return fn({} as Tx);
  }
  read<T>(fn: (m: Tx) => Promise<T>): Promise<T> {
    return fn({} as Tx);
  }
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return fn();
  }
}
