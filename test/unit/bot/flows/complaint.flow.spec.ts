import { APP, setup } from './harness';

describe('complaint flow', () => {
  it('asks for more detail twice at most, then lets a short message go elsewhere', async () => {
    const { say, complaints } = setup();
    await say('3');
    for (let i = 0; i < 2; i++) {
      const more = await say('lama');
      expect(more.text).toMatch(/^Mohon ceritakan sedikit lebih lengkap/);
      expect(more.state.awaiting).toBe('complaint');
    }
    const third = await say('halo kak');
    expect(third.text).toMatch(/^Halo, selamat datang/);
    expect(third.state.awaiting).toBeUndefined();
    expect(complaints).toEqual([]);
  });

  it('keeps the application number named in the complaint and says when the team works (outside hours)', async () => {
    const { say, complaints } = setup('2025-10-11T03:00:00Z'); // Saturday
    await say('saya mau mengadu');
    const d = await say(`berkas ${APP.number} tidak diproses`);
    expect(complaints[0]).toMatchObject({ applicationNumber: APP.number, fromConversationId: 'c-1', description: `berkas ${APP.number} tidak diproses` });
    expect(d.text).toMatch(/Tim pengaduan akan menindaklanjuti; saat ini di luar jam kerja \(jam kerja Senin–Jumat 08\.00–16\.00 WIB/);
    expect(d.text).toMatch(/mulai Senin, 13 Oktober 2025 pukul 08\.00 WIB\./);
    expect(d.patch?.status).toBeUndefined();
  });

  it('"batal" stops it and shows the menu', async () => {
    const { say, complaints } = setup();
    await say('3');
    const d = await say('batal');
    expect(d.text).toMatch(/^Baik, dibatalkan\.\n\nSilakan pilih/);
    expect(d.state.awaiting).toBeUndefined();
    expect(complaints).toEqual([]);
  });
});
