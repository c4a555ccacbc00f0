import { knowledge, setup } from './harness';

describe('menu / FAQ flow', () => {
  it('offers related entries as unnumbered choices, picked by their title', async () => {
    const { say } = setup();
    const entry = [...knowledge.byId.values()].find((e) => e.related.some((id) => knowledge.byId.has(id)))!;
    const d = await say(entry.title, { payload: `faq:${entry.id}` });
    expect(d.state).toMatchObject({ awaiting: 'choice', numbered: false, topic: entry.id });
    const relatedId = d.state.choices![0];
    const related = knowledge.byId.get(relatedId)!;
    expect(d.replies[0].quickReplies?.[0]).toEqual({ payload: `faq:${relatedId}`, title: related.title });
    const picked = await say(related.title.toLowerCase());
    expect(picked.state.topic).toBe(relatedId);
  });

  it('out of scope, thanks and goodbye', async () => {
    const { say } = setup();
    expect((await say('x', { payload: 'intent:out_of_scope' })).text).toMatch(/^Maaf, itu di luar layanan saya\.[\s\S]*\n\nSilakan pilih/);
    expect((await say('x', { payload: 'intent:thanks' })).text).toBe('Sama-sama. Ada lagi yang bisa saya bantu? Ketik "menu" untuk pilihan.');
    expect((await say('x', { payload: 'intent:goodbye' })).text).toBe('Terima kasih sudah menghubungi Layanan Bantuan SIPINTER. Sampai jumpa.');
  });

  it('an English speaker asking for an entry without answer_en is told it is in Indonesian', async () => {
    const { say } = setup();
    // Every shipped entry has answer_en today: take one away for this test.
    const entry = knowledge.byId.get('pbg-persyaratan')!;
    const answerEn = entry.answerEn;
    entry.answerEn = undefined;
    try {
      await say('hello, good morning to you');
      const d = await say('ok', { payload: `faq:${entry.id}` });
      expect(d.text.startsWith('(This answer is only available in Indonesian.)\n')).toBe(true);
    } finally {
      entry.answerEn = answerEn;
    }
  });

  it('the main menu in English, and "menu" from the middle of a flow', async () => {
    const { say } = setup();
    const d = await say('hello there, good evening');
    expect(d.text).toMatch(/Please choose \(type the number\):\n1\. Check permit status/);
    expect(d.replies[0].quickReplies?.map((q) => q.title)).toEqual(['Check permit status', 'Requirements & fees', 'Complaint', 'Talk to an officer']);
    await say('3');
    expect((await say('menu')).state.awaiting).toBeUndefined();
  });
});
