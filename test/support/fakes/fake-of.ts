/**
 * Auto-built fakes for unit tests (one per repository or service, immich's pattern):
 * `fakeOf(ContactsRepository)` is an object with a `jest.fn()` for every method of the class
 * and of its base classes, typed `jest.Mocked<ContactsRepository>`, so a unit test stubs only
 * what it needs (`contacts.findContact.mockResolvedValue(contact)`) and a method added to the
 * class later needs no change to the fake.
 *
 * Defaults: an `async` method resolves `undefined`; any other method returns `undefined`
 * (awaiting that is fine too). Name the plain methods that return a promise in `resolving`
 * (or pass `resolving: 'all'`) to have them resolve `undefined` as well. Getters and setters
 * become plain writable properties, `undefined` until a test sets them. Nothing of the real
 * class runs: neither its constructor nor its methods.
 */
import type { EntityManager } from 'typeorm';
import type { TransactionRunner } from '../../../src/database/transaction-runner';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Class<T> = abstract new (...args: any[]) => T;

export interface FakeOptions<T> {
  /** Methods that are not declared `async` but return a promise, or 'all'. */
  resolving?: (keyof T & string)[] | 'all';
}

const AsyncFunction = (async () => undefined).constructor;

/** Every method name of the class and its base classes (not Object's), with whether it is async. */
function methodsOf(cls: Class<unknown>): { methods: Map<string, boolean>; accessors: Set<string> } {
  const methods = new Map<string, boolean>();
  const accessors = new Set<string>();
  for (let proto = cls.prototype as object | null; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor' || methods.has(name) || accessors.has(name)) continue;
      const d = Object.getOwnPropertyDescriptor(proto, name)!;
      if (d.get || d.set) accessors.add(name);
      else if (typeof d.value === 'function') methods.set(name, d.value instanceof AsyncFunction);
    }
  }
  return { methods, accessors };
}

export function fakeOf<T extends object>(cls: Class<T>, options: FakeOptions<T> = {}): jest.Mocked<T> {
  const { methods, accessors } = methodsOf(cls);
  const resolving = options.resolving === 'all' ? new Set(methods.keys()) : new Set<string>(options.resolving ?? []);
  for (const name of resolving) if (!methods.has(name)) throw new Error(`fakeOf(${cls.name}): no method ${name}`);
  const fake = Object.create(cls.prototype) as Record<string, unknown>;
  for (const [name, isAsync] of methods) {
    const fn = jest.fn().mockName(`${cls.name}.${name}`);
    if (isAsync || resolving.has(name)) fn.mockResolvedValue(undefined);
    fake[name] = fn;
  }
  for (const name of accessors) Object.defineProperty(fake, name, { value: undefined, writable: true, enumerable: true, configurable: true });
  return fake as unknown as jest.Mocked<T>;
}

/** The handle FakeTransactionRunner passes to units of work: no real EntityManager behind it. */
export const FAKE_MANAGER = Object.freeze({}) as unknown as EntityManager;

/**
 * TransactionRunner without a database: `run(work)` and `read(work)` call `work(FAKE_MANAGER)`, `exclusive(work)`
 * calls `work()`, and `manager` is FAKE_MANAGER. Both methods are jest.fn()s, so a test can
 * check that work ran in a transaction (`expect(tx.run).toHaveBeenCalled()`) and that the
 * repositories got the handle (`toHaveBeenCalledWith(FAKE_MANAGER, ...)`). Use `asRunner()`
 * where a TransactionRunner is expected (the real class has private fields).
 */
export class FakeTransactionRunner implements Pick<TransactionRunner, 'run' | 'read' | 'exclusive' | 'manager'> {
  readonly manager: EntityManager = FAKE_MANAGER;

  readonly run = jest.fn((work: (m: EntityManager) => Promise<unknown>) => work(this.manager)) as unknown as jest.MockedFunction<TransactionRunner['run']>;

  readonly read = jest.fn((work: (m: EntityManager) => Promise<unknown>) => work(this.manager)) as unknown as jest.MockedFunction<TransactionRunner['read']>;

  readonly exclusive = jest.fn((work: () => Promise<unknown>) => work()) as unknown as jest.MockedFunction<TransactionRunner['exclusive']>;

  asRunner(): TransactionRunner {
    return this as unknown as TransactionRunner;
  }
}
