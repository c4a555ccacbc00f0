import { HubEnv, HubProcess, scaledDeadline } from '../support/hub-process';

/**
 * Tests wait for a process's own readiness line, with a deadline that grows with the machine's
 * load, and a timeout says why (issue 19, item 6): a busy CI machine must not turn a slow start
 * into an unexplained "not ready".
 */
describe('process readiness', () => {
  let env: HubEnv;
  afterAll(async () => env?.stop());

  it('scales the deadline with the load and never below the base', () => {
    expect(scaledDeadline(30_000)).toBeGreaterThanOrEqual(30_000);
    expect(scaledDeadline(30_000)).toBeLessThanOrEqual(180_000);
  });

  it('a process that is not ready in time is reported with its output and what /health says', async () => {
    env = new HubEnv('sqlite');
    await env.start('all');
    // A second api on the same installation, given an impossibly short deadline: it cannot have printed
    // its ready line yet, so the error must explain itself.
    const slow = new HubProcess('api', 0, env.env({ HUB_ROLE: 'api', PORT: '0' }));
    env.procs.push(slow);
    const err = (await slow.ready(1).catch((e: Error) => e)) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(/hub api not ready in \d+ ms \(load [\d.]+ on \d+ cores\)/);
    expect(err.message).toMatch(/\/health (unreachable|\d{3})/);
    expect(err.message).toContain('last output:');
    // Given the real deadline, the same process becomes ready on its own line.
    await slow.ready();
    expect(slow.output).toMatch(/hub api ready \(pid \d+, port 0\)/);
  });
});
