import { loadHolidays, parseOfficeHours, WorkingCalendar } from '../../../src/common/calendar/working-calendar';
import { projectPath } from '../../../src/common/paths';
import type { BotState } from '../../../src/schema/conversation.entity';
import type { ResponderDecision } from '../../../src/hub/responder';
import type { ComplaintInput, KnowledgeSnapshot, SubscriptionStore, TeamCode, VerificationLimiter } from '../../../src/bot/bot.ports';
import { Dialogue, DialogueDeps } from '../../../src/bot/dialogue';
import { buildKnowledge } from '../../../src/bot/knowledge.service';
import { PermitApplication, PermitProviderUnavailableError, PermitStatusProvider } from '../../../src/permits/permit.types';

const knowledge: KnowledgeSnapshot = buildKnowledge({
  KB_DIR: projectPath('knowledge-base'),
  OFFICE_CONFIG: projectPath('config', 'office.yaml'),
  APP_NUMBER_PATTERNS: undefined,
});
const calendar = new WorkingCalendar({
  timeZone: 'Asia/Jakarta',
  officeDays: [1, 2, 3, 4, 5],
  hours: parseOfficeHours('08:00-16:00'),
  holidays: loadHolidays(projectPath('resources', 'calendar', 'holidays-id.json')),
});

const APP: PermitApplication = {
  number: 'PBG/2025/10/00456',
  permitType: 'PBG rumah tinggal',
  applicantName: 'Budi Santoso',
  nikLast4: '0003',
  nikHash: null,
  phone: '+6281234567890',
  stage: 'rekomendasi_teknis',
  stageSince: new Date('2025-10-06T02:00:00Z'),
  submittedAt: new Date('2025-10-01T02:00:00Z'),
  serviceStandardDays: 10,
  nextAction: null,
  agencyPending: 'PUPR',
  updatedAt: new Date('2025-10-06T02:00:00Z'),
};

class FakePermits implements PermitStatusProvider {
  readonly name = 'fake';
  down = false;
  calls = 0;
  apps = new Map([[APP.number, APP]]);
  async find(n: string) {
    this.calls++;
    if (this.down) throw new PermitProviderUnavailableError('down');
    return this.apps.get(n) ?? null;
  }
}

/** Counts per (application, requester), as the Redis limiter does. */
class FakeLimiter implements VerificationLimiter {
  fails = new Map<string, number>();
  lockedUntil = new Map<string, number>();
  constructor(private readonly now: () => Date) {}
  async lockedForMs(a: string, who: string) {
    return Math.max(0, (this.lockedUntil.get(`${a}|${who}`) ?? 0) - this.now().getTime());
  }
  async recordFailure(a: string, who: string) {
    const key = `${a}|${who}`;
    const n = (this.fails.get(key) ?? 0) + 1;
    this.fails.set(key, n);
    if (n >= 5) {
      this.lockedUntil.set(key, this.now().getTime() + 15 * 60_000);
      this.fails.delete(key);
      return { locked: true, attemptsLeft: 0, lockedForMs: 15 * 60_000 };
    }
    return { locked: false, attemptsLeft: 5 - n, lockedForMs: 0 };
  }
  async reset(a: string, who: string) {
    this.fails.delete(`${a}|${who}`);
  }
}

/** One citizen's conversation; `shared` gives a second citizen the same permit system and limiter (another contact). */
function setup(at = '2025-10-08T03:00:00Z', shared?: { permits: FakePermits; limiter: FakeLimiter; contactId: string }) {
  let now = new Date(at);
  const permits = shared?.permits ?? new FakePermits();
  const limiter = shared?.limiter ?? new FakeLimiter(() => now);
  const contactId = shared?.contactId ?? 'k-1';
  const complaints: ComplaintInput[] = [];
  const subscriptions: Parameters<SubscriptionStore['subscribe']>[0][] = [];
  const deps: DialogueDeps = {
    knowledge: { current: () => knowledge },
    permits,
    limiter,
    teams: { idFor: async (code: TeamCode) => `team-${code}` },
    complaints: {
      open: async (i) => {
        complaints.push(i);
        return { reference: 'ADU-251008-ABCDEF', conversationId: 'c-2' };
      },
    },
    subscriptions: {
      subscribe: async (s) => {
        subscriptions.push(s);
        return { created: true };
      },
    },
    calendar,
    config: { OFFICE_HOURS: { text: '08:00-16:00', openMin: 480, closeMin: 960 }, OFFICE_DAYS: [1, 2, 3, 4, 5], HANDOFF_AFTER_MISUNDERSTOOD: 2 },
    now: () => now,
  };
  const dialogue = new Dialogue(deps);
  // The conversation as the hub would persist it between messages (JSON round trip).
  let botState: BotState | null = null;
  let n = 0;
  const say = async (text: string, extra: { phone?: string; payload?: string; files?: number } = {}): Promise<ResponderDecision & { text: string }> => {
    const d = await dialogue.respond({
      messageId: `m-${++n}`,
      text,
      replyPayload: extra.payload,
      conversation: { id: `c-${contactId}`, botState, channel: 'webchat', identityId: 'i-1', contactId },
      contact: { id: contactId, phone: extra.phone ?? null },
      senderPhone: extra.phone,
      files: extra.files,
    });
    botState = JSON.parse(JSON.stringify(d.patch?.botState ?? null));
    return { ...d, text: d.replies.map((r) => r.text).join('\n') };
  };
  return { say, permits, limiter, complaints, subscriptions, setNow: (iso: string) => (now = new Date(iso)) };
}

describe('Dialogue', () => {
  it('greets with the numbered menu and quick replies', async () => {
    const { say } = setup();
    const d = await say('halo selamat pagi');
    expect(d.text).toMatch(/1\. Cek status izin\n2\. Persyaratan & biaya\n3\. Pengaduan\n4\. Bicara dengan petugas/);
    expect(d.replies[0].quickReplies?.map((q) => q.payload)).toEqual(['1', '2', '3', '4']);
    expect(d.patch?.status).toBeUndefined();
  });

  it('permit status: asks for the number, verifies, then tells stage, dates and next step', async () => {
    const { say } = setup();
    expect((await say('1')).text).toMatch(/kirim nomor permohonan/);
    const ask = await say('PBG/2025/10/00456');
    expect(ask.text).toMatch(/4 digit terakhir NIK/);
    expect(ask.text).not.toMatch(/rekomendasi|Budi/);
    const ok = await say('0003');
    expect(ok.text).toMatch(/Tahap sekarang: Menunggu rekomendasi teknis dinas terkait \(PUPR\)/);
    expect(ok.text).toMatch(/Sejak: Senin, 6 Oktober 2025 \(2 hari kerja\)/);
    expect(ok.text).toMatch(/Standar pelayanan: 10 hari kerja/);
    expect(ok.text).toMatch(/Perkiraan selesai: Rabu, 15 Oktober 2025/);
    expect(ok.text).toMatch(/Yang perlu Anda lakukan: Belum ada/);
    // Verified once per conversation: asking again needs no new check.
    expect((await say('cek status PBG/2025/10/00456')).text).toMatch(/Tahap sekarang/);
  });

  it('accepts the registered phone, and skips the check when the sender’s own number is registered', async () => {
    const a = setup();
    await a.say('PBG/2025/10/00456');
    expect((await a.say('0812 3456 7890')).text).toMatch(/Tahap sekarang/);
    const b = setup();
    expect((await b.say('status PBG/2025/10/00456', { phone: '+6281234567890' })).text).toMatch(/Tahap sekarang/);
  });

  it('locks lookups of an application after 5 failed checks, for 15 minutes', async () => {
    const { say, setNow } = setup();
    await say('PBG/2025/10/00456');
    for (let i = 4; i >= 1; i--) expect((await say('1111')).text).toMatch(new RegExp(`Sisa percobaan: ${i}`));
    const locked = await say('2222');
    expect(locked.text).toMatch(/dikunci sementara[\s\S]*15 menit/);
    expect(locked.text).not.toMatch(/Tahap sekarang/);
    // Lookups of that number are refused while locked, before any check.
    expect((await say('PBG/2025/10/00456')).text).toMatch(/dikunci sementara/);
    setNow('2025-10-08T03:16:00Z');
    await say('PBG/2025/10/00456');
    expect((await say('0003')).text).toMatch(/Tahap sekarang/);
  });

  it('before verification, says the same about a number that does not exist as about one that does', async () => {
    // The number is the only difference a stranger may see: everything else must be word for word the same.
    const same = (text: string, no: string) => text.split(no).join('<NO>');
    for (const [lang, ask, wrong] of [
      ['id', (no: string) => `cek status ${no}`, '1111'],
      ['en', (no: string) => `what is the status of my application ${no}`, '1111'],
    ] as const) {
      const known = setup();
      const unknown = setup();
      const k = await known.say(ask('PBG/2025/10/00456'));
      const u = await unknown.say(ask('PBG/2025/10/00999'));
      expect(same(u.text, 'PBG/2025/10/00999')).toBe(same(k.text, 'PBG/2025/10/00456'));
      expect(u.replies.map((r) => r.quickReplies)).toEqual(k.replies.map((r) => r.quickReplies));
      expect(k.text).toMatch(lang === 'en' ? /last 4 digits of the applicant’s NIK/ : /4 digit terakhir NIK/);
      expect(k.text).not.toMatch(/ditemukan|found/i);
      // A wrong answer: "no such application" and "wrong NIK" read the same, with the same attempts left.
      const kw = await known.say(wrong);
      const uw = await unknown.say(wrong);
      expect(same(uw.text, 'PBG/2025/10/00999')).toBe(same(kw.text, 'PBG/2025/10/00456'));
      expect(kw.text).toMatch(lang === 'en' ? /Attempts left: 4/ : /Sisa percobaan: 4/);
      expect((JSON.parse(JSON.stringify(uw.patch?.botState)) as { awaiting?: string }).awaiting).toBe('verify');
    }
  });

  it('failed guesses at a number that does not exist lock like any other', async () => {
    const { say } = setup();
    await say('cek status PBG/2025/10/00999');
    for (let i = 4; i >= 1; i--) expect((await say('1111')).text).toMatch(new RegExp(`Sisa percobaan: ${i}`));
    expect((await say('2222')).text).toMatch(/dikunci sementara[\s\S]*15 menit/);
  });

  it('a corrected application number during verification starts over instead of counting as a wrong answer', async () => {
    const { say, limiter } = setup();
    await say('cek status PBG/2025/10/00456');
    // Sent again (or corrected): "2025" in it is not a guess at the NIK's last digits.
    const again = await say('PBG/2025/10/00456');
    expect(again.text).toMatch(/4 digit terakhir NIK/);
    expect(again.text).not.toMatch(/tidak cocok/);
    expect([...limiter.fails.values()]).toEqual([]);
    expect((await say('0003')).text).toMatch(/Tahap sekarang/);
  });

  it('locks only the requester who failed: the applicant can still verify the same application', async () => {
    const stranger = setup();
    await stranger.say('cek status PBG/2025/10/00456');
    for (let i = 0; i < 4; i++) await stranger.say('1111');
    expect((await stranger.say('1111')).text).toMatch(/dikunci sementara/);
    expect((await stranger.say('cek status PBG/2025/10/00456')).text).toMatch(/dikunci sementara/);
    const applicant = setup(undefined, { permits: stranger.permits, limiter: stranger.limiter, contactId: 'k-2' });
    const asked = await applicant.say('cek status PBG/2025/10/00456');
    expect(asked.text).toMatch(/4 digit terakhir NIK/);
    expect(asked.text).not.toMatch(/dikunci/);
    expect((await applicant.say('0003')).text).toMatch(/Tahap sekarang/);
    // ...and the stranger stays locked.
    expect((await stranger.say('cek status PBG/2025/10/00456')).text).toMatch(/dikunci sementara/);
  });

  it('says plainly when the permit system is down and offers to notify later', async () => {
    const { say, permits, subscriptions } = setup();
    permits.down = true;
    const d = await say('cek status PBG/2025/10/00456');
    expect(d.text).toMatch(/sistem data perizinan sedang tidak dapat dihubungi/);
    expect(d.text).toMatch(/kabari/);
    const yes = await say('ya');
    expect(yes.text).toMatch(/saya catat/);
    expect(subscriptions).toEqual([{ applicationNumber: 'PBG/2025/10/00456', contactId: 'k-1', channel: 'webchat', identityId: 'i-1', verified: false }]);
  });

  it('records "kabari saya kalau izinnya sudah terbit" after a verified lookup', async () => {
    const { say, subscriptions } = setup();
    await say('PBG/2025/10/00456');
    await say('0003');
    expect((await say('kabari saya kalau izinnya sudah terbit')).text).toMatch(/kabari lewat chat ini/);
    expect(subscriptions[0]).toMatchObject({ applicationNumber: 'PBG/2025/10/00456', verified: true });
  });

  it('complaint: collects what happened, opens it with a reference and mentions SP4N-LAPOR!', async () => {
    const { say, complaints } = setup();
    expect((await say('3')).text).toMatch(/ceritakan apa yang terjadi/);
    const d = await say('Petugas loket minta uang 500 ribu supaya berkas PBG saya cepat diproses');
    expect(complaints).toHaveLength(1);
    expect(complaints[0]).toMatchObject({ sourceMessageId: 'm-2', contactId: 'k-1', description: expect.stringMatching(/500 ribu/) });
    expect(d.text).toMatch(/ADU-251008-ABCDEF/);
    expect(d.text).toMatch(/SP4N-LAPOR!/);
    expect(d.text).toMatch(/lapor\.go\.id/);
    expect(d.patch?.status).toBeUndefined();
  });

  it('hand-off on request: pending for the right team, honest about office hours', async () => {
    const { say } = setup('2025-10-08T03:00:00Z'); // Wednesday 10:00 WIB
    await say('berapa biaya pbg');
    const d = await say('saya mau bicara dengan petugas');
    expect(d.patch).toMatchObject({ status: 'pending', teamId: 'team-bangunan', waitingSince: new Date('2025-10-08T03:00:00Z') });
    expect(d.text).toMatch(/sekarang jam kerja \(Senin–Jumat 08\.00–16\.00 WIB\)/i);
  });

  it('hands a photo or document to an officer instead of answering its caption', async () => {
    const { say } = setup('2025-10-08T03:00:00Z');
    const d = await say('ini foto denah lokasi saya', { files: 1 });
    expect(d.patch).toMatchObject({ status: 'pending', subject: 'Warga mengirim berkas' });
    expect(d.text).toMatch(/berkas Anda sudah kami terima/);
    expect(d.text).not.toMatch(/reklame/i);
  });

  it('hand-off outside office hours names the next working morning (after holidays)', async () => {
    const { say } = setup('2025-12-24T10:00:00Z'); // Wednesday 17:00 WIB, before Christmas + cuti bersama
    const d = await say('4');
    expect(d.patch).toMatchObject({ status: 'pending', teamId: 'team-umum' });
    expect(d.text).toMatch(/di luar jam kerja/);
    expect(d.text).toMatch(/mulai Senin, 29 Desember 2025 pukul 08\.00 WIB/);
  });

  it('hands off after two turns it could not understand', async () => {
    const { say } = setup();
    const first = await say('qwrt zzxv plk');
    expect(first.patch?.status).toBeUndefined();
    expect(first.text).toMatch(/belum mengerti/);
    const second = await say('blorf snark vvv');
    expect(second.patch?.status).toBe('pending');
    expect(second.text).toMatch(/hubungkan dengan petugas/);
  });

  it('answers in English from answer_en when the citizen writes English', async () => {
    const { say } = setup();
    const d = await say('what are the opening hours of the public service mall?');
    expect(d.text).toMatch(/Service hours/);
    expect(d.text).not.toMatch(/\{\{/);
  });

  it('offers numbered choices for the requirements menu and answers the chosen one', async () => {
    const { say } = setup();
    const menu = await say('2');
    expect(menu.text).toMatch(/1\. /);
    expect(menu.replies[0].quickReplies?.[0].payload).toMatch(/^faq:/);
    const first = menu.replies[0].quickReplies![0].payload.slice(4);
    const d = await say('1');
    expect(d.text).toContain(knowledge.byId.get(first)!.answer.slice(0, 30));
  });

  it('a tapped quick-reply payload answers that entry', async () => {
    const { say } = setup();
    const d = await say('Syarat PBG', { payload: 'faq:pbg-persyaratan' });
    expect(d.text).toMatch(/PBG/);
  });
});
