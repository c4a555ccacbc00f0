import { PermanentSendError, RetryLaterError } from '../../../src/hub/ports';
import { classifySendError, parseMetaWebhook, SendApiError, sendPayload, windowRule } from '../../../channels/meta-messaging';
import { verifyMetaSignature } from '../../../channels/meta-webhook';
import { createHmac } from 'node:crypto';

const HOUR = 3600 * 1000;
const now = Date.parse('2026-03-02T10:00:00Z');
const ago = (ms: number) => new Date(now - ms);
const qr = (n: number) => Array.from({ length: n }, (_, i) => ({ payload: String(i + 1), title: `Pilihan nomor ${i + 1} yang panjang` }));

describe('Messenger Platform rules', () => {
  it('answers inside 24 h, lets only officers answer with HUMAN_AGENT up to 7 days, and refuses the rest', () => {
    expect(windowRule(ago(23.9 * HOUR), 'bot', 'Messenger', now)).toEqual({ messaging_type: 'RESPONSE' });
    expect(windowRule(ago(23.9 * HOUR), 'agent', 'Messenger', now)).toEqual({ messaging_type: 'RESPONSE' });
    expect(windowRule(ago(24 * HOUR), 'agent', 'Messenger', now)).toEqual({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
    expect(windowRule(ago(167.9 * HOUR), 'agent', 'Messenger', now)).toEqual({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
    for (const k of ['bot', 'system'] as const)
      expect(windowRule(ago(25 * HOUR), k, 'Messenger', now)).toEqual({ refused: expect.stringMatching(/jendela 24 jam/) });
    expect(windowRule(ago(168 * HOUR), 'agent', 'Instagram', now)).toEqual({ refused: expect.stringMatching(/7 hari.*Instagram/) });
    expect(windowRule(null, 'agent', 'Messenger', now)).toEqual({ refused: expect.stringMatching(/belum pernah menulis/) });
  });

  it('sends up to 3 options as postback buttons, up to 13 as quick replies, more written into the text', () => {
    const rule = { messaging_type: 'RESPONSE' } as const;
    expect(sendPayload('1', 'Pilih:', qr(3), rule, 2000).message).toEqual({
      attachment: {
        type: 'template',
        payload: {
          template_type: 'button',
          text: 'Pilih:',
          buttons: qr(3).map((q) => ({ type: 'postback', title: 'Pilihan nomor 1 yan…'.replace('1', q.payload), payload: q.payload })),
        },
      },
    });
    const quick = sendPayload('1', 'Pilih:', qr(13), rule, 2000).message as { quick_replies: { title: string }[] };
    expect(quick.quick_replies).toHaveLength(13);
    expect(quick.quick_replies.every((q) => q.title.length <= 20)).toBe(true);
    const many = sendPayload('1', 'Pilih:', qr(14), rule, 2000).message as Record<string, unknown>;
    expect(Object.keys(many)).toEqual(['text']);
    expect(many.text).toMatch(/14\. Pilihan nomor 14/);
    expect((sendPayload('1', 'x'.repeat(3000), undefined, rule, 2000).message as { text: string }).text).toHaveLength(2000);
    // Button template text is limited to 640 characters: a long text keeps its options as quick replies.
    expect(sendPayload('1', 'x'.repeat(700), qr(2), rule, 2000).message).toHaveProperty('quick_replies');
  });

  it('retries what may pass later and fails for good what cannot', () => {
    const e = (status: number, code?: number, sub?: number) => classifySendError(new SendApiError(status, code, sub, 'x'));
    expect(e(400, 613)).toBeInstanceOf(RetryLaterError);
    expect(e(429)).toBeInstanceOf(RetryLaterError);
    for (const t of [e(500), e(400, 2), e(401, 190)]) expect(t.constructor).toBe(Error);
    for (const p of [e(400, 10, 2018278), e(400, 551, 1545041), e(400, 100, 2018001)]) expect(p).toBeInstanceOf(PermanentSendError);
  });

  it('checks X-Hub-Signature-256 over the exact raw bytes', () => {
    const raw = Buffer.from('{"object":"page","entry":[]}');
    const sig = `sha256=${createHmac('sha256', 'app-secret-0123456789').update(raw).digest('hex')}`;
    expect(verifyMetaSignature(raw, sig, 'app-secret-0123456789')).toBe('ok');
    expect(verifyMetaSignature(raw, sig.toUpperCase().replace('SHA256', 'sha256'), 'app-secret-0123456789')).toBe('ok');
    expect(verifyMetaSignature(Buffer.from(`${raw} `), sig, 'app-secret-0123456789')).toBe('invalid');
    expect(verifyMetaSignature(raw, sig, undefined)).toBe('invalid');
    expect(verifyMetaSignature(raw, undefined, 'app-secret-0123456789')).toBe('missing');
  });

  it('takes postbacks without a mid once per tap and Instagram shares as their link', () => {
    const ev = (rest: Record<string, unknown>) => ({ sender: { id: '42' }, recipient: { id: '1' }, timestamp: 1_700_000_000_000, ...rest });
    const body = (object: string, ...events: unknown[]) => ({ object, entry: [{ id: '1', time: 1, messaging: events }] });
    const [pb] = parseMetaWebhook(body('page', ev({ postback: { title: 'Mulai', payload: 'GET_STARTED' } })), 'messenger', 'page').messages;
    expect(pb.message).toMatchObject({
      externalId: 'postback-42-1700000000000',
      text: 'Mulai',
      replyPayload: 'GET_STARTED',
      sender: { kind: 'messenger', externalId: '42' },
    });
    const [share] = parseMetaWebhook(
      body('instagram', ev({ message: { mid: 'aWdf1', attachments: [{ type: 'share', payload: { url: 'https://www.instagram.com/p/abc/' } }] } })),
      'instagram',
      'instagram',
    ).messages;
    expect(share).toEqual({
      message: expect.objectContaining({ text: 'https://www.instagram.com/p/abc/', attachments: [{ kind: 'other', fileName: 'share' }] }),
      urls: [null],
    });
    // An empty batch is a valid call (Meta's test button sends such); nothing happens.
    expect(parseMetaWebhook(body('page'), 'messenger', 'page')).toEqual({ messages: [], ignored: [], malformed: 0 });
  });
});
