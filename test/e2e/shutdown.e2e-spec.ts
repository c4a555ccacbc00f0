import { HubEnv } from '../support/hub-process';
import { WebchatClient } from '../support/webchat-client';

/**
 * SIGTERM (a deploy, `docker stop`) ends every kind of process cleanly: queue
 * workers finish or release their jobs, connections close, exit code 0 — so a
 * supervisor never mistakes a normal stop for a crash (issue 19, item 4).
 */
describe.each(['sqlite', 'postgres'] as const)('clean shutdown on SIGTERM (%s)', (db) => {
  let env: HubEnv;
  afterEach(async () => env?.stop());

  it.each(['all', 'api', 'worker'] as const)('HUB_ROLE=%s exits 0', async (role) => {
    env = new HubEnv(db);
    // A worker alone needs an api beside it for traffic; the api is not what is stopped here.
    const api = role === 'worker' ? await env.start('api') : undefined;
    const p = await env.start(role);
    const front = api ?? (role === 'all' || role === 'api' ? p : undefined);
    if (front && role !== 'api') {
      // Work in flight while the stop comes: it must be finished or left for another process, never lost.
      const c = new WebchatClient(front.url);
      await c.ready();
      expect((await c.send({ clientMessageId: `s-${role}`, text: 'halo' })).ok).toBe(true);
      await c.waitFor((m) => m.sender === 'bot');
      c.close();
    }
    p.child.kill('SIGTERM');
    const code = await Promise.race([p.waitExit(), new Promise<string>((r) => setTimeout(() => r('timeout'), 20_000))]);
    expect({ code, output: code === 0 ? '' : p.output.slice(-2000) }).toEqual({ code: 0, output: '' });
  });
});
