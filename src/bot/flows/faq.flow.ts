import { type KbEntry, isMissingValue, placeholderKeys, renderForCitizen } from '../../knowledge';
import { splitAnswer } from './answer-parts';
import { MENU_DIGIT, MORE_WORDS } from './cues';
import { type Flow, type FlowDeps, isChoosableIntent, type Turn } from './flow';
import type { HandoffFlow } from './handoff.flow';
import { clearPending } from './state';
import type { QuickReply } from '../../schema/message.entity';
import { kbMediaAttachments } from './kb-media';

/** Shown under "2. Persyaratan & biaya". */
const REQUIREMENT_TOPICS = ['pbg-persyaratan', 'pbg-biaya', 'biaya-layanan', 'nakes-sip', 'faskes-izin', 'reklame'];
/** FAQ_PART_CHARS when the deps do not say (unit tests). */
const DEFAULT_PART_CHARS = 600;
/** The main menu's numbers and the labels they open (2 is this flow's own list). */
const MENU_LABELS: Record<number, string> = { 1: 'permit_status', 3: 'complaint', 4: 'human_agent' };

type MenuKey = 'menu.prompt' | 'menu.status' | 'menu.requirements' | 'menu.complaint' | 'menu.officer';

/** The numbered main menu's text (after an optional introduction) and buttons: the bot's and the widget's greeting. */
export function mainMenu(t: (key: MenuKey) => string, intro?: string): { text: string; quickReplies: QuickReply[] } {
  const lines = t('menu.prompt');
  return {
    text: intro ? `${intro}\n\n${lines}` : lines,
    quickReplies: [
      { payload: '1', title: t('menu.status') },
      { payload: '2', title: t('menu.requirements') },
      { payload: '3', title: t('menu.complaint') },
      { payload: '4', title: t('menu.officer') },
    ],
  };
}

/** The numbered main menu, after an optional introduction. */
export function showMenu(turn: Turn, intro?: string): void {
  const menu = mainMenu((key) => turn.t(key), intro);
  turn.say(menu.text, menu.quickReplies);
}

/**
 * The menu, small talk and FAQ answers, with the choices they offer
 * (numbered lists, related entries). Answers every label no other flow
 * takes, so it comes last.
 */
export class FaqFlow implements Flow {
  readonly name = 'faq';

  constructor(
    private readonly deps: Pick<FlowDeps, 'config'>,
    private readonly handoff: HandoffFlow,
  ) {}

  owns(state: Turn['state']): boolean {
    return state.awaiting === 'choice' || state.awaiting === 'more';
  }

  async resume(turn: Turn): Promise<boolean> {
    const s = turn.state;
    if (s.awaiting === 'more') return this.resumeMore(turn);
    const choices = s.choices ?? [];
    const digit = /^(\d)$/.exec(turn.lower);
    let label: string | undefined;
    if (digit && s.numbered) label = choices[Number(digit[1]) - 1];
    label ??= choices.find((c) => turn.titleOf(c)?.toLowerCase() === turn.lower || c === turn.lower);
    if (!label) return false;
    clearPending(s);
    await turn.open(label, turn);
    return true;
  }

  /** A main-menu number. */
  canStart(turn: Turn): boolean {
    return MENU_DIGIT.test(turn.lower);
  }

  async start(turn: Turn): Promise<void> {
    turn.state.misses = 0;
    const n = Number(turn.lower);
    if (n !== 2) return turn.open(MENU_LABELS[n], turn);
    const options = REQUIREMENT_TOPICS.filter((id) => turn.kb.byId.has(id));
    this.offerChoices(turn, options, turn.t('faq.requirements'));
  }

  answers(): boolean {
    return true;
  }

  async answer(label: string, turn: Turn): Promise<void> {
    switch (label) {
      case 'greeting':
        return showMenu(turn, turn.t('faq.greeting'));
      case 'thanks':
        return turn.say(turn.t('faq.thanks'));
      case 'goodbye':
        return turn.say(turn.t('faq.goodbye'));
      case 'out_of_scope':
        turn.outcome = 'out_of_scope';
        return showMenu(turn, turn.t('faq.outOfScope'));
      default: {
        const entry = turn.kb.byId.get(label);
        if (!entry) return this.notUnderstood(turn);
        return this.answerEntry(turn, entry);
      }
    }
  }

  menu(turn: Turn): void {
    showMenu(turn);
  }

  /** The classifier hesitated between labels: offers them; false when none can be offered. */
  clarify(turn: Turn): boolean {
    const options = turn.nlu.candidates.map((c) => c.label).filter((l) => turn.titleOf(l));
    if (!options.length) return false;
    turn.state.misses = 0;
    turn.outcome = 'clarify';
    this.offerChoices(turn, options.slice(0, 3), turn.t('faq.clarify'));
    return true;
  }

  /** Another turn the bot did not understand: the menu, or a person after HANDOFF_AFTER_MISUNDERSTOOD in a row. */
  async notUnderstood(turn: Turn): Promise<void> {
    const s = turn.state;
    s.misses += 1;
    turn.outcome = 'fallback';
    if (s.misses >= this.deps.config.HANDOFF_AFTER_MISUNDERSTOOD) return this.handoff.handOff(turn, 'misunderstood');
    showMenu(turn, turn.t('faq.notUnderstood'));
  }

  private offerChoices(turn: Turn, labels: string[], intro: string): void {
    const s = turn.state;
    const lines = labels.map((l, i) => `${i + 1}. ${turn.titleOf(l)}`);
    s.awaiting = 'choice';
    s.choices = labels;
    s.numbered = true;
    turn.say(`${intro}\n${lines.join('\n')}`, [
      ...labels.map((l) => ({ payload: `${isChoosableIntent(l) ? 'intent' : 'faq'}:${l}`, title: turn.titleOf(l) as string })),
      turn.menuButton(),
    ]);
  }

  /** "Selengkapnya" (tapped, or typed on a channel without buttons): the next part of the long answer. */
  private resumeMore(turn: Turn): boolean {
    const s = turn.state;
    const more = s.more;
    const entry = more && turn.kb.byId.get(more.entry);
    if (!more || !entry || !(MORE_WORDS.test(turn.lower) || turn.lower === turn.t('faq.more').toLowerCase())) return false;
    clearPending(s);
    this.answerEntry(turn, entry, more.part);
    return true;
  }

  /** The entry's answer, or its part `part` when it is long (the last part carries the links and related entries). */
  private answerEntry(turn: Turn, entry: KbEntry, part = 0): void {
    const { state: s, kb } = turn;
    s.topic = entry.id;
    // A sentence needing an office value nobody filled in is left out: no placeholder reaches a citizen.
    const render = (t: string) => renderForCitizen(t, kb.values, turn.t('faq.askOffice')).text;
    // The conversation's topic, for the office's "top topics" report.
    turn.patch = { ...turn.patch, topic: entry.id };
    let text: string;
    if (s.lang === 'en' && entry.answerEn) text = render(entry.answerEn);
    else {
      text = render(entry.answer);
      if (s.lang === 'en') text = `${turn.t('faq.onlyIndonesian')}\n${text}`;
    }
    const complete = (t: string) => placeholderKeys(t).every((k) => !isMissingValue(kb.values.get(k)));
    // A guide's pictures go with its first part: they illustrate the steps shown first.
    const media = part === 0 ? kbMediaAttachments(entry, render, complete) : [];
    const parts = splitAnswer(text, { limit: this.deps.config.FAQ_PART_CHARS ?? DEFAULT_PART_CHARS });
    const at = Math.min(part, parts.length - 1);
    if (at < parts.length - 1) {
      s.awaiting = 'more';
      s.more = { entry: entry.id, part: at + 1 };
      return turn.say(parts[at], [{ payload: 'more', title: turn.t('faq.more') }, turn.menuButton()], media);
    }
    text = parts[at];
    const links = entry.links
      .filter((l) => complete(l.url) && complete(l.label))
      .slice(0, 3)
      .map((l) => `• ${render(l.label)}: ${render(l.url)}`);
    if (links.length) text += `\n\n${links.join('\n')}`;
    const related = entry.related.filter((id) => kb.byId.has(id)).slice(0, 3);
    if (related.length) {
      s.awaiting = 'choice';
      s.choices = related;
      s.numbered = false;
    }
    const quickReplies = [...related.map((id) => ({ payload: `faq:${id}`, title: kb.byId.get(id)!.title })), turn.menuButton()];
    turn.say(text, quickReplies, media);
  }
}
