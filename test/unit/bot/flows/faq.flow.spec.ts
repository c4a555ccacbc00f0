import { knowledge, setup } from './harness';

describe('menu / FAQ flow', () => {
  it('offers related entries as unnumbered choices, picked by their title', async () => {
    const { say } = setup();
    // A short answer: a long one offers its related entries with its last part (see below).
    const entry = [...knowledge.byId.values()].find((e) => e.answer.length < 500 && e.related.some((id) => knowledge.byId.has(id)))!;
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

  it('sends a long answer in parts: the steps first, the rest after "Selengkapnya" (tapped or typed), related entries at the end', async () => {
    const { say } = setup();
    const entry = knowledge.byId.get('oss-nib')!;
    const first = await say('x', { payload: 'faq:oss-nib' });
    expect(first.replies).toHaveLength(1);
    expect(first.text).toMatch(/^NIB \(Nomor Induk Berusaha\)[\s\S]*\n5\. Unduh NIB dari akun OSS\.$/);
    expect(first.replies[0].quickReplies).toEqual([
      { payload: 'more', title: 'Selengkapnya' },
      { payload: 'menu', title: 'Menu utama' },
    ]);
    expect(first.state).toMatchObject({ awaiting: 'more', more: { entry: 'oss-nib', part: 1 }, topic: 'oss-nib' });
    // A channel without buttons: the citizen types the word.
    const rest = await say('Selengkapnya');
    expect(rest.text).toMatch(/^PT PMA mendaftar sebagai badan usaha/);
    expect(rest.text).not.toContain('Unduh NIB');
    expect(rest.state.more).toBeUndefined();
    const related = entry.related.filter((id) => knowledge.byId.has(id));
    expect(rest.replies[0].quickReplies?.map((q) => q.payload)).toEqual([...related.slice(0, 3).map((id) => `faq:${id}`), 'menu']);
    expect(rest.state).toMatchObject({ awaiting: 'choice', choices: related.slice(0, 3) });
  });

  it('"lanjut" and the English "more" work too; another question drops the pending rest', async () => {
    const { say } = setup();
    await say('x', { payload: 'faq:oss-nib' });
    expect((await say('lanjut')).text).toMatch(/^PT PMA/);

    await say('hello, good morning to you');
    const en = await say('x', { payload: 'faq:oss-nib' });
    expect(en.replies[0].quickReplies?.[0]).toEqual({ payload: 'more', title: 'More' });
    const more = await say('more', { payload: 'more' });
    expect(more.text).not.toEqual(en.text);
    expect(knowledge.byId.get('oss-nib')!.answerEn).toContain(more.text.split('\n')[0]);

    const again = await say('x', { payload: 'faq:oss-nib' });
    expect(again.state.awaiting).toBe('more');
    const other = await say('x', { payload: 'faq:jam-layanan' });
    expect(other.state.more).toBeUndefined();
    expect(other.state.topic).toBe('jam-layanan');
  });

  it('a short answer comes whole, without "Selengkapnya"', async () => {
    const { say } = setup();
    const d = await say('x', { payload: 'faq:jam-layanan' });
    expect(d.replies[0].quickReplies?.map((q) => q.payload)).not.toContain('more');
    expect(d.state.more).toBeUndefined();
  });
});
