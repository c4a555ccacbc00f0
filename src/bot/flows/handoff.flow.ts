import { formatLocalDate, formatMinutes, formatOfficeDays, zoneLabel } from '../../common/calendar/working-calendar';
import { HUMAN_REQUEST, teamOfTopic } from './cues';
import type { Flow, FlowDeps, Turn } from './flow';
import { clearPending, type DialogueState } from './state';

export type HandoffReason = 'request' | 'misunderstood' | 'overdue' | 'files' | 'unsupported';

/** The conversation's subject in the console: for officers, so always Indonesian. */
const SUBJECTS: Record<HandoffReason, (appNo?: string) => string> = {
  overdue: (appNo) => `Permohonan ${appNo} melewati standar waktu`,
  files: () => 'Warga mengirim berkas',
  unsupported: () => 'Warga mengirim pesan yang belum dikenali bot',
  misunderstood: () => 'Bot tidak memahami pertanyaan warga',
  request: () => 'Warga minta bicara dengan petugas',
};

type OfficeDeps = Pick<FlowDeps, 'calendar' | 'config' | 'now'>;

/** An honest sentence on when a person will answer (starts lower-case: it ends other sentences too). */
export function availability(turn: Turn, deps: OfficeDeps): string {
  const { calendar: cal, config } = deps;
  const lang = turn.state.lang;
  const now = deps.now();
  const zone = zoneLabel(cal.timeZone);
  const hours = config.OFFICE_HOURS;
  const schedule = `${formatOfficeDays(config.OFFICE_DAYS, lang)} ${formatMinutes(hours.openMin, lang)}–${formatMinutes(hours.closeMin, lang)} ${zone}`;
  const next = cal.nextAvailability(now);
  if (next.openNow) return turn.t('availability.open', { schedule });
  const holiday = cal.holidayOn(now);
  const reason = holiday ? turn.t('availability.holiday', { holiday: holiday.name }) : turn.t('availability.closed');
  const at = cal.local(next.at);
  return turn.t('availability.later', { reason, schedule, date: formatLocalDate(at.date, lang), time: formatMinutes(at.minutes, lang), zone });
}

/**
 * Hands the conversation to a person: waiting ('pending') in the team of the
 * last topic, with a subject for the console and an honest word on when
 * someone answers. A file starts it by itself: answering its caption would guess.
 */
export class HandoffFlow implements Flow {
  readonly name = 'handoff';

  constructor(private readonly deps: Pick<FlowDeps, 'teams' | 'calendar' | 'config' | 'now'>) {}

  owns(state: DialogueState): boolean {
    return state.awaiting === 'contact_name';
  }

  /**
   * The answer to "what is your name?" asked at the hand-off. Whatever it is,
   * the conversation already waits for an officer: a name is thanked for, anything
   * else (a question, a number) is left to the officer without a bot reply.
   */
  async resume(turn: Turn): Promise<boolean> {
    delete turn.state.awaiting;
    const name = nameFrom(turn.text);
    if (name) {
      turn.contactName = name;
      turn.say(turn.t('handoff.nameThanks', { name }));
    }
    turn.outcome = 'handoff';
    return true;
  }

  /** A file, or a plain request for a person inside a longer message. */
  canStart(turn: Turn): boolean {
    return !!turn.input.files || !!turn.input.unsupported || HUMAN_REQUEST.test(turn.text);
  }

  start(turn: Turn): Promise<void> {
    // Something the bot cannot read (a contact card, a poll…) is not guessed at either.
    return this.handOff(turn, turn.input.unsupported ? 'unsupported' : turn.input.files ? 'files' : 'request');
  }

  answers(label: string): boolean {
    return label === 'human_agent';
  }

  answer(_label: string, turn: Turn): Promise<void> {
    return this.handOff(turn, 'request');
  }

  async handOff(turn: Turn, reason: HandoffReason, appNo?: string): Promise<void> {
    const s = turn.state;
    clearPending(s);
    s.misses = 0;
    const team = teamOfTopic(s.topic);
    const teamId = await this.deps.teams.idFor(team);
    turn.patch = { ...turn.patch, status: 'pending', teamId, waitingSince: this.deps.now(), subject: SUBJECTS[reason](appNo), handoffReason: reason };
    turn.outcome = 'handoff';
    turn.handoffReason = reason;
    const message = turn.t('handoff.message', {
      intro: turn.t(`handoff.${reason}`),
      team: turn.t(`handoff.team.${team}`),
      availability: capitalise(availability(turn, this.deps)),
    });
    // Officers greet by name; asked once, and the hand-off does not wait for the answer.
    const askName = !turn.input.contact.name?.trim();
    if (askName) s.awaiting = 'contact_name';
    turn.say(askName ? `${message}\n\n${turn.t('handoff.askName')}` : message);
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Short replies that are not names (acknowledgements, greetings, commands). */
const NOT_NAMES =
  /^(?:ok(?:e|ay)?|ya|iya|y|tidak|gak|nggak|enggak|no|yes|baik|siap|sip|halo|hai|hi|hello|p|tes|test|menu|batal|terima kasih|makasih|thanks?|thank you)$/i;

const NAME_PREFIX = /^(?:(?:nama\s+saya|saya|my\s+name\s+is|i\s*am|i'm|nama(?:nya)?)\s*(?:adalah|is)?\s*[:,-]?\s*)/i;

/**
 * A person's name in a reply to "what is your name?" ("Budi Santoso", "nama saya budi"),
 * or null for anything that is not one (a question, numbers, a long sentence).
 */
export function nameFrom(text: string): string | null {
  const t = text
    .trim()
    .replace(NAME_PREFIX, '')
    .replace(/[.!]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (t.length < 2 || t.length > 60 || t.split(' ').length > 5 || NOT_NAMES.test(t)) return null;
  if (!/^[\p{L}][\p{L}\p{M} .'’,-]*$/u.test(t)) return null;
  // Written all lower-case: capitalised as names are.
  return t === t.toLowerCase() ? t.replace(/(^|[\s'-])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase()) : t;
}
