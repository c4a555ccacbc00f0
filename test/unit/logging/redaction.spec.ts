import { Writable } from 'node:stream';
import pino from 'pino';
import pinoHttp from 'pino-http';
import { errSerializer, pinoOptions, redactHeaders, redactUrl, reqSerializer, scrub } from '../../../src/logging/redaction';

describe('scrub()', () => {
  it.each([
    ['+6281234567890', '+6281****890'],
    ['6281234567890', '6281****890'],
    ['+62 812-3456-7890', '+6281****890'],
    ['+62 812 3456 7890', '+6281****890'],
    ['62-812-3456-7890', '6281****890'],
    ['081234567890', '081****890'],
    ['0812-3456-7890', '081****890'],
    ['0812 3456 7890', '081****890'],
    ['0812345678', '081****678'],
    ['081234567', '081****567'],
    ['q=%2B6281234567890', 'q=%2B6281****890'],
  ])('masks the phone number %s', (input, want) => {
    expect(scrub(input)).toBe(want);
    expect(scrub(`hubungi ${input}, terima kasih`)).toBe(`hubungi ${want}, terima kasih`);
  });

  it('masks a NIK, alone or next to other text', () => {
    expect(scrub('3603012345678901')).toBe('3603********8901');
    expect(scrub('NIK saya 3603012345678901.')).toBe('NIK saya 3603********8901.');
    expect(scrub('nik_3603012345678901_x')).toBe('nik_3603********8901_x');
    expect(scrub('q=3603012345678901&limit=20')).toBe('q=3603********8901&limit=20');
  });

  it('leaves numbers that are neither alone', () => {
    for (const s of [
      'PBG/2025/10/00456',
      'time 1796155021577',
      '106540352242922',
      'conversation 3f2a1c9e-0b8d-4e6a-9c1f-2d3e4f5a6b7c',
      'auto-assigned 3 of 12 waiting conversations',
      '12345678901234567',
      'jam 08:00-16:00',
    ])
      expect(scrub(s)).toBe(s);
  });

  it('masks Telegram bot tokens, JWTs and the values PostgreSQL quotes in a constraint error', () => {
    expect(scrub('request to https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/getMe failed')).toBe(
      'request to https://api.telegram.org/bot123456789:[redacted]/getMe failed',
    );
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    expect(scrub(`token ${jwt} rejected`)).toBe('token [redacted] rejected');
    expect(scrub('Key (email)=(budi@example.com) already exists.')).toBe('Key (email)=([redacted]) already exists.');
    expect(scrub('Key (channel, external_id)=(whatsapp, 6281234567890) already exists.')).toBe('Key (channel, external_id)=([redacted]) already exists.');
    expect(scrub('Key (lower(email::text))=(Budi@Example.com) already exists.')).toBe('Key (lower(email::text))=([redacted]) already exists.');
  });
});

describe('request serialization', () => {
  it('keeps query keys and drops their values', () => {
    expect(redactUrl('/api/conversations?q=3603012345678901&limit=20')).toBe('/api/conversations?q=[redacted]&limit=[redacted]');
    expect(redactUrl('/channels/whatsapp-cloud/webhook?hub.mode=subscribe&hub.verify_token=s3cret&hub.challenge=1')).toBe(
      '/channels/whatsapp-cloud/webhook?hub.mode=[redacted]&hub.verify_token=[redacted]&hub.challenge=[redacted]',
    );
    expect(redactUrl('/socket.io/?EIO=4&transport=polling&token=abc')).toBe('/socket.io/?EIO=[redacted]&transport=[redacted]&token=[redacted]');
    expect(redactUrl('/api/contacts/by-phone/081234567890')).toBe('/api/contacts/by-phone/081****890');
    expect(redactUrl('/health')).toBe('/health');
  });

  it('blanks every header that carries a credential or a signature', () => {
    const h = redactHeaders({
      host: 'hub',
      authorization: 'Bearer x',
      cookie: 'a=b',
      'set-cookie': ['a=b'],
      'x-hub-signature-256': 'sha256=ab',
      'x-hub-signature': 'sha1=ab',
      'x-signature-256': 'sha256=cd',
      'x-telegram-bot-api-secret-token': 's',
      'x-admin-token': 't',
      'x-some-vendor-webhook-secret': 'u',
      'user-agent': 'node',
    });
    expect(h).toEqual({
      host: 'hub',
      authorization: '[redacted]',
      cookie: '[redacted]',
      'set-cookie': '[redacted]',
      'x-hub-signature-256': '[redacted]',
      'x-hub-signature': '[redacted]',
      'x-signature-256': '[redacted]',
      'x-telegram-bot-api-secret-token': '[redacted]',
      'x-admin-token': '[redacted]',
      'x-some-vendor-webhook-secret': '[redacted]',
      'user-agent': 'node',
    });
  });

  it('drops query and params, which repeat the URL unredacted', () => {
    const r = reqSerializer({ id: 1, method: 'GET', url: '/api/contacts?q=081234567890', headers: {}, remoteAddress: '127.0.0.1', remotePort: 1 });
    expect(r).toEqual({ id: 1, method: 'GET', url: '/api/contacts?q=[redacted]', headers: {}, remoteAddress: '127.0.0.1', remotePort: 1 });
  });
});

describe('error serialization', () => {
  it("scrubs an error's message, stack, detail and cause, and drops statement parameters", () => {
    const driver = Object.assign(new Error('duplicate key value violates unique constraint "uq_identity"'), {
      detail: 'Key (kind, external_id)=(phone, +6281234567890) already exists.',
      code: '23505',
    });
    const err = Object.assign(new Error('insert failed for 3603012345678901 / +62 812-3456-7890', { cause: driver }), {
      query: 'INSERT INTO channel_identities (kind, external_id) VALUES ($1, $2)',
      parameters: ['phone', '+6281234567890'],
      driverError: driver,
      detail: driver.detail,
    });
    const out = JSON.stringify(errSerializer(err));
    expect(out).not.toMatch(/\d{16}|81234567890|812-3456/);
    expect(out).toContain('3603********8901');
    expect(out).toContain('23505');
    expect(out).toContain('Key (kind, external_id)=([redacted])');
    expect(out).toContain('"parameters":"[redacted]"');
    expect(out).toContain('INSERT INTO channel_identities');
  });

  it('goes through the logger: an Error logged as an object comes out scrubbed, messages too', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _e, cb) => (lines.push(chunk.toString()), cb()) });
    const log = pino(pinoOptions('info'), sink);
    const err = Object.assign(new Error('lookup of 081234567890 failed'), { detail: 'Key (phone)=(+6281234567890) already exists.' });
    log.error({ err, context: 'Test', note: 'NIK 3603012345678901' }, 'failed for %s', '+6281234567890');
    log.info({ body: 'pesan warga', user: { password: 'x', refreshToken: 'y' } }, 'hello');
    const all = lines.join('');
    expect(lines).toHaveLength(2);
    expect(all).not.toMatch(/\d{16}|81234567890|pesan warga|"password":"x"|"refreshToken":"y"/);
    expect(all).toContain('lookup of 081****890 failed');
    expect(all).toContain('failed for +6281****890');
  });

  it('goes through pino-http the same way (it wraps the serializers around its own)', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _e, cb) => (lines.push(chunk.toString()), cb()) });
    const http = pinoHttp(pinoOptions('info'), sink);
    const err = Object.assign(new Error('Key (phone)=(+6281234567890) already exists.'), { parameters: ['3603012345678901'] });
    http.logger.error({ err }, 'insert failed');
    expect(lines.join('')).not.toMatch(/\d{16}|81234567890/);
    expect(lines.join('')).toContain('Key (phone)=([redacted])');
  });
});
