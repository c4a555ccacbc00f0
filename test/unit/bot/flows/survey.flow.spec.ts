import type { SurveyDesk } from '../../../../src/bot/bot.ports';
import { surveyInviteState } from '../../../../src/bot/flows/survey.flow';
import { unsurTexts } from '../../../../src/survey/unsur';
import { setup } from './harness';

/** The survey flow against a fake desk: what the citizen reads, and what is recorded. */
function withDesk() {
  const submitted: Parameters<SurveyDesk['submit']>[0][] = [];
  const declined: string[] = [];
  const desk: SurveyDesk = {
    questions: (lang) => unsurTexts(lang),
    decline: async (id) => void declined.push(id),
    submit: async (s) => {
      submitted.push(s);
      return { recorded: true };
    },
    pendingFor: async () => null,
  };
  const h = setup(undefined, undefined, { surveys: desk });
  return { ...h, submitted, declined };
}

describe('survey flow', () => {
  it('asks the nine elements one at a time, refuses anything but 1–4 with the same question, and records the answers and suggestion', async () => {
    const h = withDesk();
    h.seed(surveyInviteState('id', 'inv-1'));
    const q1 = await h.say('Ya, saya mau menilai');
    expect(q1.text).toMatch(/^Pertanyaan 1 dari 9 \(Persyaratan\)/);
    expect(q1.replies[0].quickReplies!.map((q) => q.payload)).toEqual(['survey:1', 'survey:2', 'survey:3', 'survey:4', 'survey:skip']);
    for (const bad of ['5', '7', '12', 'mantap']) {
      const r = await h.say(bad);
      expect(r.text).toContain('Maaf, jawabannya cukup angka 1, 2, 3 atau 4');
      expect(r.text).toMatch(/Pertanyaan 1 dari 9/);
    }
    expect((await h.say('4. Sangat sesuai')).text).toMatch(/^Pertanyaan 2 dari 9/);
    expect((await h.say('sangat mudah')).text).toMatch(/^Pertanyaan 3 dari 9/);
    expect((await h.say('lewati')).text).toMatch(/^Pertanyaan 4 dari 9 \(Biaya\/Tarif\)/);
    for (const a of ['4', '3', '3', '2', '4']) await h.say(a);
    const last = await h.say('1');
    expect(last.text).toContain('adakah saran Anda');
    const done = await h.say('Tolong tambah kursi di ruang tunggu');
    expect(done.text).toContain('Terima kasih atas penilaian Anda');
    expect(h.submitted).toEqual([
      { invitationId: 'inv-1', answers: [4, 4, null, 4, 3, 3, 2, 4, 1], suggestion: 'Tolong tambah kursi di ruang tunggu', lang: 'id' },
    ]);
    expect(done.state.awaiting).toBeUndefined();
  });

  it('records nothing but the refusal when the citizen says no', async () => {
    const h = withDesk();
    h.seed(surveyInviteState('id', 'inv-2'));
    expect((await h.say('tidak')).text).toContain('Baik, terima kasih');
    expect(h.declined).toEqual(['inv-2']);
    expect(h.submitted).toEqual([]);
  });

  it('lets a different first message through as an ordinary question (the invitation lapses)', async () => {
    const h = withDesk();
    h.seed(surveyInviteState('id', 'inv-3'));
    const r = await h.say('apa syarat PBG?');
    expect(r.text).not.toMatch(/Pertanyaan 1 dari 9/);
    expect(r.state.survey).toBeUndefined();
  });

  it('"batal" stops the survey and records nothing', async () => {
    const h = withDesk();
    h.seed(surveyInviteState('en', 'inv-4'));
    expect((await h.say('yes')).text).toMatch(/^Question 1 of 9 \(Requirements\)/);
    await h.say('3');
    await h.say('batal');
    expect(h.submitted).toEqual([]);
  });
});
