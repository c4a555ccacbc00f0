import { knowledge, setup } from './harness';

describe('unsure: the top three candidates as quick replies', () => {
  // A one-word question the classifier cannot settle (its status, renewing or downloading a permit?).
  const text = 'izin';

  it('offers the three best candidates instead of a flat fallback, and a tap answers the chosen one', async () => {
    const nlu = knowledge.engine.classify(text);
    expect(nlu.decision).toBe('clarify');
    const top3 = nlu.candidates.map((c) => c.label);
    expect(top3).toHaveLength(3);

    const { say } = setup();
    const d = await say(text);
    expect(d.state).toMatchObject({ awaiting: 'choice', numbered: true, choices: top3 });
    const quick = (d.replies[0].quickReplies ?? []).slice(0, 3);
    // A knowledge-base entry is offered by its title; an intent (permit status) by its own message.
    const intents = ['permit_status', 'complaint', 'human_agent'];
    expect(quick.map((q) => q.payload)).toEqual(top3.map((id) => `${intents.includes(id) ? 'intent' : 'faq'}:${id}`));
    top3.forEach((id, i) => {
      if (!intents.includes(id)) expect(quick[i].title).toBe(knowledge.byId.get(id)!.title);
      expect(quick[i].title.length).toBeGreaterThan(3);
    });
    // Numbered in the text too, for channels without buttons.
    quick.forEach((q, i) => expect(d.text).toContain(`${i + 1}. ${q.title}`));

    const faqChoice = top3.find((id) => !intents.includes(id))!;
    const tapped = await say(knowledge.byId.get(faqChoice)!.title, { payload: `faq:${faqChoice}` });
    expect(tapped.state.topic).toBe(faqChoice);
    // The entry's own answer, not the choice list again.
    expect(tapped.text).not.toContain(`1. ${quick[0].title}`);
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
