import { Client } from 'pg';
import { eventually, HubEnv, PG_URL } from '../support/hub-process';
import { terminateConnections } from '../support/pg-terminate';
import { WebchatClient } from '../support/webchat-client';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The hub's PostgreSQL connections are terminated again and again while
 * replies are being sent: a reply the citizen received must end up 'sent'
 * (the status write after a successful send is retried on a lost
 * connection), never left looking unsent.
 */
describe('delivery status while PostgreSQL connections are cut', () => {
  let env: HubEnv;
  afterAll(async () => env?.stop());

  it('leaves no received reply pending', async () => {
    env = new HubEnv('postgres', { WEBCHAT_RATE_PER_MIN: '1000', WEBCHAT_MESSAGES_PER_IP_PER_MIN: '10000' });
    const app = `hub-${env.id}`;
    const api = await env.start('api', { PGAPPNAME: app });
    const worker = await env.start('worker', { PGAPPNAME: app });
    const clients = Array.from({ length: 6 }, () => new WebchatClient(api.url));
    const killer = new Client({ connectionString: PG_URL });
    await killer.connect();
    try {
      await Promise.all(clients.map((c) => c.ready()));
      let cutting = true;
      let cuts = 0;
      // Frequent terminations: many statements of the hub meet a dead connection, enough work still gets through.
      const cutter = (async () => {
        while (cutting) {
          cuts += await terminateConnections(app, killer);
          await sleep(20 + Math.random() * 60);
        }
      })();
      await Promise.all(
        clients.map(async (c, i) => {
          for (let n = 0; n < 12; n++) {
            await c.send({ clientMessageId: `cut-${i}-${n}`, text: n % 2 ? 'syarat izin usaha' : 'halo' }).catch(() => undefined);
            await sleep(150);
          }
        }),
      );
      await sleep(3000);
      cutting = false;
      await cutter;
      expect(cuts).toBeGreaterThan(10);

      // Whatever the citizens received is recorded as sent (retries may take a moment to land).
      const received = [...new Set(clients.flatMap((c) => c.received.filter((m) => m.sender === 'bot').map((m) => m.id)))];
      expect(received.length).toBeGreaterThan(5);
      const statuses = async () =>
        new Map(
          (await env.query<{ id: string; delivery_status: string }>('SELECT id, delivery_status FROM messages WHERE id = ANY(?)', [received])).map((r) => [
            r.id,
            r.delivery_status,
          ]),
        );
      await eventually(async () => [...(await statuses()).values()].every((s) => s === 'sent'), 15_000).catch(() => undefined);
      const final = await statuses();
      expect(received.filter((id) => final.get(id) !== 'sent')).toEqual([]);
      expect(api.child.exitCode).toBeNull();
      expect(worker.child.exitCode).toBeNull();
    } finally {
      await killer.end();
      for (const c of clients) c.close();
    }
  });
});
