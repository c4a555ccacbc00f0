import { isConnectionLost, isRetryableDbError, isUniqueViolation } from '../../../src/database/db-errors';
import { durabilityWarning } from '../../../src/redis/redis-durability';

describe('isConnectionLost', () => {
  it.each([
    ['an administrator terminated the backend (57P01)', { code: '57P01', message: 'terminating connection due to administrator command' }],
    ['TypeORM wrapping it', { name: 'QueryFailedError', message: 'x', driverError: { code: '57P01' } }],
    ['a released query runner', { name: 'QueryRunnerAlreadyReleasedError', message: 'Query runner already released. Cannot run queries anymore.' }],
    ['pg after the socket closed', new Error('Connection terminated unexpectedly')],
    ['a reset socket', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['a refused reconnect', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a server starting up (57P03)', { code: '57P03', message: 'the database system is starting up' }],
    ['a connection failure (08006)', { code: '08006', message: 'connection failure' }],
    ['the cause of a wrapper', new Error('outer', { cause: { code: '57P01' } })],
  ])('recognises %s', (_what, err) => expect(isConnectionLost(err)).toBe(true));

  it.each([
    ['a unique violation', { code: '23505', message: 'duplicate key' }],
    ['a serialization failure', { code: '40001', message: 'could not serialize' }],
    ['a syntax error', { code: '42601', message: 'syntax error' }],
    ['nothing', undefined],
  ])('does not take %s for a lost connection', (_what, err) => expect(isConnectionLost(err)).toBe(false));

  it('keeps the other classifiers apart', () => {
    expect(isRetryableDbError({ code: '57P01' })).toBe(false);
    expect(isUniqueViolation({ code: '57P01' })).toBe(false);
  });
});

describe('durabilityWarning', () => {
  it('warns in production when Redis does not persist, or cannot tell', () => {
    expect(durabilityWarning('none', null, true)).toMatch(/does not persist/);
    expect(durabilityWarning('unknown', null, true)).toMatch(/could not be read/);
    expect(durabilityWarning('none', 'found-running', true)).toMatch(/already running/);
    expect(durabilityWarning('rdb', 'found-running', true)).toMatch(/RDB/);
  });

  it('stays quiet with AOF, with RDB snapshots of a Redis the operator chose, and outside production', () => {
    expect(durabilityWarning('aof', null, true)).toBeNull();
    expect(durabilityWarning('aof', 'found-running', true)).toBeNull();
    expect(durabilityWarning('rdb', null, true)).toBeNull();
    expect(durabilityWarning('none', 'found-running', false)).toBeNull();
  });
});
