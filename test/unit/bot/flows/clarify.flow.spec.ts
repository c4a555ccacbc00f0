import { knowledge, setup } from './harness';

describe('unsure: the top three candidates as quick replies', () => {
  // A one-word question the classifier cannot settle (renew, download or change a permit?).
  const text = 'izin';

  it('offers the three best candidates instead of a flat fallback, and a tap answers the chosen one', async () => {
    const nlu = knowledge.engine.classify(text);
    expect(nlu.decision).toBe('clarify');
    const top3 = nlu.candidates.map((c) => c.label);
    expect(top3).toHaveLength(3);

    const { say } = setup();
    const d = await say(text);
    expect(d.state).toMatchObject({ awaiting: 'choice', numbered: true, choices: top3 });
    const quick = d.replies[0].quickReplies ?? [];
    expect(quick.slice(0, 3)).toEqual(top3.map((id) => ({ payload: `faq:${id}`, title: knowledge.byId.get(id)!.title })));
    // Numbered in the text too, for channels without buttons.
    top3.forEach((id, i) => expect(d.text).toContain(`${i + 1}. ${knowledge.byId.get(id)!.title}`));

    const tapped = await say(knowledge.byId.get(top3[1])!.title, { payload: `faq:${top3[1]}` });
    expect(tapped.state.topic).toBe(top3[1]);
    // The entry's own answer, not the choice list again.
    expect(tapped.text).not.toContain(`1. ${knowledge.byId.get(top3[0])!.title}`);
    expect(tapped.text.length).toBeGreaterThan(80);
    expect(tapped.state.choices).not.toEqual(top3);
  });

  it('typing the number of a choice answers it too', async () => {
    const top3 = knowledge.engine.classify(text).candidates.map((c) => c.label);
    const { say } = setup();
    await say(text);
    const picked = await say('3');
    expect(picked.state.topic).toBe(top3[2]);
  });
});
