import { AmiCallTracker, extensionOf } from '../../../channels/phone/ami-calls';
import { incomingCall } from '../../support/fake-ami';

const lower = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]));

describe('AmiCallTracker (Asterisk events → call log events)', () => {
  it('turns an answered incoming call into ringing, answered, ended', () => {
    const t = new AmiCallTracker();
    const c = incomingCall({ linkedid: '1.1', from: '081234567890', ext: '201' });
    const out = [c.newchannel, c.dialBegin, c.dialEnd('ANSWER'), c.hangup].flatMap((e, i) => t.handle(lower({ ...e, Timestamp: String(1_700_000_000 + i) })));
    expect(out.map((e) => [e.event, e.extension ?? null, e.at.getTime() / 1000])).toEqual([
      ['ringing', '201', 1_700_000_000],
      ['answered', '201', 1_700_000_002],
      ['ended', null, 1_700_000_003],
    ]);
    expect(out.every((e) => e.callId === '1.1' && e.from === '081234567890' && e.source === 'ami')).toBe(true);
    expect(t.openCalls).toBe(0);
  });

  it('ignores calls it did not see start, other channels of the call, and contexts that are no trunk', () => {
    const t = new AmiCallTracker(['from-trunk']);
    const c = incomingCall({ linkedid: '2.1', from: '0812', ext: '202' });
    expect(t.handle(lower(c.dialBegin))).toEqual([]);
    expect(t.handle(lower({ ...c.newchannel, Context: 'from-internal' }))).toEqual([]);
    expect(t.handle(lower(c.dialBegin))).toEqual([]);
    t.handle(lower(c.newchannel));
    expect(t.handle(lower({ ...c.hangup, Uniqueid: '2.2' }))).toEqual([]);
    expect(t.handle(lower(c.dialEnd('NOANSWER')))).toEqual([]);
    expect(t.handle(lower(c.hangup)).map((e) => e.event)).toEqual(['ended']);
  });

  it('reads the ringing extension from DestChannel or DialString', () => {
    expect(extensionOf({ destchannel: 'PJSIP/201-0000002a' })).toBe('201');
    expect(extensionOf({ destchannel: 'SIP/305-00000001' })).toBe('305');
    expect(extensionOf({ dialstring: '410' })).toBe('410');
    expect(extensionOf({ dialstring: 'trunk/0812345' })).toBeNull();
  });
});
