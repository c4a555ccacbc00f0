import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { PermitProviderUnavailableError } from '../../../src/permits/permit.types';
import { SipinterHttpProvider } from '../../../src/permits/sipinter-http.provider';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const BODY = {
  number: 'PBG/2025/10/00456',
  permit_type: 'PBG rumah tinggal',
  applicant_name: 'Budi Santoso',
  nik_last4: '0003',
  phone: '+6281234567890',
  stage: 'rekomendasi_teknis',
  stage_since: '2025-10-08T02:00:00Z',
  submitted_at: '2025-10-01T02:00:00Z',
  service_standard_days: 28,
  next_action: null,
  agency_pending: 'PUPR',
};

describe('SipinterHttpProvider against a local fake API', () => {
  let server: Server;
  let base: string;
  let handler: Handler;
  const seen: IncomingMessage[] = [];
  const providers: SipinterHttpProvider[] = [];
  const provider = (over: Partial<ConstructorParameters<typeof SipinterHttpProvider>[0]> = {}) => {
    const p = new SipinterHttpProvider({ baseUrl: base, token: 'tok-123', timeoutMs: 300, resetTimeoutMs: 60_000, ...over });
    providers.push(p);
    return p;
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req);
      handler(req, res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });
  afterEach(() => {
    providers.splice(0).forEach((p) => p.shutdown());
    seen.length = 0;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('maps a 200 answer and sends the bearer token', async () => {
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(BODY));
    const app = await provider().find('pbg/2025/10/00456');
    expect(seen[0].url).toBe('/api/applications/PBG%2F2025%2F10%2F00456');
    expect(seen[0].headers.authorization).toBe('Bearer tok-123');
    expect(app).toMatchObject({ number: 'PBG/2025/10/00456', stage: 'rekomendasi_teknis', nikLast4: '0003', agencyPending: 'PUPR', serviceStandardDays: 28 });
    expect(app!.submittedAt.toISOString()).toBe('2025-10-01T02:00:00.000Z');
  });

  it('returns null on 404', async () => {
    handler = (_req, res) => res.writeHead(404).end();
    await expect(provider().find('X-2025-0001')).resolves.toBeNull();
  });

  it('turns 5xx and unexpected bodies into "unavailable"', async () => {
    handler = (_req, res) => res.writeHead(503).end('busy');
    await expect(provider().find('X-2025-0001')).rejects.toThrow(PermitProviderUnavailableError);
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"number":1}');
    await expect(provider().find('X-2025-0001')).rejects.toThrow(/unexpected body/);
  });

  it('gives up after the timeout instead of hanging', async () => {
    handler = (_req, res) => setTimeout(() => res.writeHead(200).end(JSON.stringify(BODY)), 10_000).unref();
    const started = Date.now();
    await expect(provider({ timeoutMs: 200 }).find('X-2025-0001')).rejects.toThrow(/timed out/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('opens the circuit after repeated failures and then fails fast without calling the server', async () => {
    handler = (_req, res) => res.writeHead(500).end();
    const p = provider();
    for (let i = 0; i < 3; i++) await expect(p.find('X-2025-0001')).rejects.toThrow(PermitProviderUnavailableError);
    expect(p.circuitOpen).toBe(true);
    const calls = seen.length;
    await expect(p.find('X-2025-0001')).rejects.toThrow(/circuit open/);
    expect(seen.length).toBe(calls);
  });

  it('reports a dead server as unavailable', async () => {
    const p = provider({ baseUrl: 'http://127.0.0.1:9/api' });
    await expect(p.find('X-2025-0001')).rejects.toThrow(/unreachable|timed out/);
  });
});
