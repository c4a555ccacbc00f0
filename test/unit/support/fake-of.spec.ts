import { ContactsRepository } from '../../../src/contacts/contacts.repository';
import { TransactionRunner } from '../../../src/database/transaction-runner';
import { FAKE_MANAGER, FakeTransactionRunner, fakeOf } from '../../support/fakes/fake-of';

class Base {
  constructor() {
    throw new Error('the real constructor must not run');
  }
  async inherited(): Promise<number> {
    return 1;
  }
  overridden(): string {
    return 'base';
  }
}

class Sample extends Base {
  private readonly secret = 42;
  get value(): number {
    return this.secret;
  }
  async load(id: string): Promise<string> {
    return `real ${id}`;
  }
  plain(n: number): number {
    return n * 2;
  }
  promised(): Promise<string> {
    return Promise.resolve('real');
  }
  override overridden(): string {
    return 'sample';
  }
}

describe('fakeOf', () => {
  it('has a jest.fn() for every method of the class and its base classes, none of them real', async () => {
    const fake = fakeOf(Sample);
    for (const name of ['load', 'plain', 'promised', 'overridden', 'inherited'] as const) expect(jest.isMockFunction(fake[name])).toBe(true);
    expect(fake.plain(2)).toBeUndefined();
    expect(fake.overridden()).toBeUndefined();
    expect(fake).toBeInstanceOf(Sample);
  });

  it('resolves undefined from async methods by default, and from the ones named in `resolving`', async () => {
    const fake = fakeOf(Sample, { resolving: ['promised'] });
    await expect(fake.load('x')).resolves.toBeUndefined();
    await expect(fake.inherited()).resolves.toBeUndefined();
    await expect(fake.promised()).resolves.toBeUndefined();
    expect(fakeOf(Sample).promised()).toBeUndefined();
    await expect(fakeOf(Sample, { resolving: 'all' }).plain(1)).resolves.toBeUndefined();
  });

  it('is stubbed and inspected like any jest mock', async () => {
    const fake = fakeOf(Sample);
    fake.load.mockResolvedValueOnce('stubbed');
    fake.plain.mockReturnValue(7);
    await expect(fake.load('a')).resolves.toBe('stubbed');
    await expect(fake.load('b')).resolves.toBeUndefined();
    expect(fake.plain(1)).toBe(7);
    expect(fake.load).toHaveBeenNthCalledWith(1, 'a');
    expect(fake.load.getMockName()).toBe('Sample.load');
  });

  it('gives every fake its own functions', () => {
    const a = fakeOf(Sample);
    const b = fakeOf(Sample);
    a.plain(1);
    expect(b.plain).not.toHaveBeenCalled();
  });

  it('turns getters into writable properties', () => {
    const fake = fakeOf(Sample);
    expect(fake.value).toBeUndefined();
    (fake as { value: number }).value = 3;
    expect(fake.value).toBe(3);
  });

  it('rejects a `resolving` name the class does not have', () => {
    expect(() => fakeOf(Sample, { resolving: ['nope' as 'load'] })).toThrow(/no method nope/);
  });

  it('fakes a real repository', async () => {
    const contacts = fakeOf(ContactsRepository, { resolving: 'all' });
    contacts.findContact.mockResolvedValue(null);
    await expect(contacts.findContact(FAKE_MANAGER, 'c1')).resolves.toBeNull();
    await expect(contacts.findIdentity(FAKE_MANAGER, 'webchat' as never, 'x')).resolves.toBeUndefined();
    expect(contacts.findContact).toHaveBeenCalledWith(FAKE_MANAGER, 'c1');
  });
});

describe('FakeTransactionRunner', () => {
  it('runs units of work with the dummy handle, and exclusive work as is', async () => {
    const tx = new FakeTransactionRunner();
    const runner: TransactionRunner = tx.asRunner();
    await expect(runner.run(async (m) => (m === FAKE_MANAGER ? 'in tx' : 'wrong'))).resolves.toBe('in tx');
    await expect(runner.exclusive(async () => 5)).resolves.toBe(5);
    expect(runner.manager).toBe(FAKE_MANAGER);
    expect(tx.run).toHaveBeenCalledTimes(1);
    expect(tx.exclusive).toHaveBeenCalledTimes(1);
  });

  it('passes failures of the work on', async () => {
    const tx = new FakeTransactionRunner();
    await expect(tx.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });
});
