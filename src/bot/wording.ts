import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { projectPath } from '../common/paths';
import type { Lang } from './nlu/language';

export const DEFAULT_WORDING_DIR = projectPath('resources', 'bot');
export const LANGS: readonly Lang[] = ['id', 'en'];

/**
 * Every message key the bot uses, with the {names} its text must contain.
 * The texts live in resources/bot/messages.<lang>.yaml, where the office
 * reviews them; loading checks both files against this list.
 */
export const MESSAGES = {
  'common.mainMenu': [],
  'common.cancelled': [],
  'menu.prompt': [],
  'menu.status': [],
  'menu.requirements': [],
  'menu.complaint': [],
  'menu.officer': [],
  'intent.permit_status': [],
  'intent.complaint': [],
  'intent.human_agent': [],
  'faq.greeting': [],
  'faq.thanks': [],
  'faq.goodbye': [],
  'faq.outOfScope': [],
  'faq.notUnderstood': [],
  'faq.clarify': [],
  'faq.askOffice': [],
  'faq.more': [],
  'faq.requirements': [],
  'faq.onlyIndonesian': [],
  'status.askNumber': [],
  'status.badNumber': [],
  'status.askVerification': ['number'],
  'status.forgot': [],
  'status.forgotNumber': [],
  'status.followUp': ['number'],
  'status.mismatch': ['number', 'attemptsLeft'],
  'status.locked': ['number', 'minutes'],
  'status.card.title': ['number'],
  'status.card.permit': ['permitType'],
  'status.card.stage': ['stage'],
  'status.card.since': ['date', 'days'],
  'status.card.standard': ['days', 'submitted'],
  'status.card.due': ['date'],
  'status.card.correctionNote': [],
  'status.card.todo': ['todo'],
  'status.todo.issued': [],
  'status.todo.rejected': [],
  'status.todo.wait': [],
  'status.overdue': ['due'],
  'notify.quick': [],
  'notify.offer': ['number'],
  'notify.accept': [],
  'notify.refuse': [],
  'notify.declined': [],
  'notify.done': ['number'],
  'complaint.ask': [],
  'complaint.more': [],
  'complaint.received': ['reference', 'when', 'lapor'],
  'handoff.request': [],
  'handoff.misunderstood': [],
  'handoff.overdue': [],
  'handoff.files': [],
  'handoff.unsupported': [],
  'handoff.message': ['intro', 'team', 'availability'],
  'handoff.team.umum': [],
  'handoff.team.bangunan': [],
  'handoff.team.kesehatan': [],
  'handoff.team.pengaduan': [],
  'handoff.askName': [],
  'handoff.nameThanks': ['name'],
  'availability.open': ['schedule'],
  'availability.holiday': ['holiday'],
  'availability.closed': [],
  'availability.later': ['reason', 'schedule', 'date', 'time', 'zone'],
  'survey.invite': [],
  'survey.inviteLink': ['link'],
  'survey.accept': [],
  'survey.refuse': [],
  'survey.declined': [],
  'survey.question': ['number', 'total', 'name', 'question', 'choices'],
  'survey.invalid': [],
  'survey.skip': [],
  'survey.askSuggestion': [],
  'survey.thanks': [],
  'survey.alreadyDone': [],
} as const satisfies Record<string, readonly string[]>;

export type MessageKey = keyof typeof MESSAGES;
type ParamName<K extends MessageKey> = (typeof MESSAGES)[K][number];
/** `t('status.locked', { number, minutes })`; keys without {names} take no second argument. */
export type MessageArgs<K extends MessageKey> = [ParamName<K>] extends [never] ? [] : [params: Record<ParamName<K>, string | number>];

/** `{number}`: a bot placeholder (the double-braced `{{office.x}}` ones belong to knowledge-base answers). */
const PARAM = /(?<!\{)\{([A-Za-z]+)\}(?!\})/g;

export function paramsIn(text: string): string[] {
  return [...text.matchAll(PARAM)].map((m) => m[1]);
}

/** Nested YAML mappings → dotted keys. */
function flatten(value: unknown, prefix: string, out: Map<string, unknown>): Map<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, value);
  return out;
}

/** What is wrong with one language's file: missing, unknown or non-text keys, and {names} that differ from MESSAGES. */
export function wordingProblems(texts: Map<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [key, params] of Object.entries(MESSAGES) as [MessageKey, readonly string[]][]) {
    const text = texts.get(key);
    if (typeof text !== 'string') {
      problems.push(`${key}: ${text === undefined ? 'missing' : 'must be text'}`);
      continue;
    }
    const used = new Set(paramsIn(text));
    for (const p of used)
      if (!params.includes(p)) problems.push(`${key}: {${p}} is not filled in by the bot (it fills in ${params.map((x) => `{${x}}`).join(', ') || 'nothing'})`);
    for (const p of params) if (!used.has(p)) problems.push(`${key}: {${p}} is missing`);
  }
  for (const key of texts.keys()) if (!(key in MESSAGES)) problems.push(`${key}: unknown key`);
  return problems;
}

export function readWordingFile(file: string): Map<string, unknown> {
  return flatten(parse(readFileSync(file, 'utf8')) as unknown, '', new Map());
}

/** The bot's messages in both languages, checked once when loaded. */
export class Wording {
  private constructor(private readonly texts: Record<Lang, Map<string, string>>) {}

  static load(dir = DEFAULT_WORDING_DIR): Wording {
    const texts = {} as Record<Lang, Map<string, string>>;
    for (const lang of LANGS) {
      const file = `${dir}/messages.${lang}.yaml`;
      let raw: Map<string, unknown>;
      try {
        raw = readWordingFile(file);
      } catch (err) {
        throw new Error(`${file}: cannot read the bot's messages: ${(err as Error).message}`, { cause: err });
      }
      const problems = wordingProblems(raw);
      if (problems.length) throw new Error(`${file}: ${problems.join('; ')}`);
      texts[lang] = raw as Map<string, string>;
    }
    return new Wording(texts);
  }

  t<K extends MessageKey>(lang: Lang, key: K, ...args: MessageArgs<K>): string {
    const text = this.texts[lang].get(key) as string;
    const params = (args[0] ?? {}) as Record<string, string | number>;
    return text.replace(PARAM, (whole, name: string) => (name in params ? String(params[name]) : whole));
  }
}

let loaded: Wording | undefined;

/** The shipped messages, read once per process. */
export function botWording(): Wording {
  loaded ??= Wording.load();
  return loaded;
}
