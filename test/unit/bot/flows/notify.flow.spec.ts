import { APP, setup } from './harness';

describe('notify flow', () => {
  it('"kabari saya kalau izin terbit" without a number asks for it, then subscribes (unverified)', async () => {
    const { say, subscriptions } = setup();
    const ask = await say('tolong kabari saya kalau izin saya terbit');
    expect(ask.text).toMatch(/Silakan kirim nomor permohonan Anda/);
    expect(ask.state).toMatchObject({ awaiting: 'app_number', then: 'notify' });
    const done = await say(APP.number);
    expect(done.text).toBe(`Baik, saya catat. Anda akan kami kabari lewat chat ini saat izin ${APP.number} terbit.`);
    expect(done.replies[0].quickReplies).toEqual([{ payload: 'menu', title: 'Menu utama' }]);
    expect(subscriptions).toEqual([{ applicationNumber: APP.number, contactId: 'k-1', channel: 'webchat', identityId: 'i-1', verified: false }]);
  });

  it('permit system down, "tidak": nothing recorded, the menu follows', async () => {
    const { say, permits, subscriptions } = setup();
    permits.down = true;
    const offer = await say(`cek status ${APP.number}`);
    expect(offer.replies[0].quickReplies).toEqual([
      { payload: 'ya', title: 'Ya, kabari saya' },
      { payload: 'tidak', title: 'Tidak' },
    ]);
    expect(offer.state).toMatchObject({ awaiting: 'notify_confirm', appNo: APP.number });
    const no = await say('tidak');
    expect(no.text).toMatch(/^Baik\. Silakan coba cek lagi nanti\.\n\nSilakan pilih/);
    expect(subscriptions).toEqual([]);
  });

  it('a "notify" word without a permit in sight is not a subscription', async () => {
    const { say, subscriptions } = setup();
    const d = await say('kabari saya');
    expect(d.state.then).toBeUndefined();
    expect(subscriptions).toEqual([]);
  });
});
