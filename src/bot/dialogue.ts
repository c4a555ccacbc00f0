import { formatLocalDate, formatMinutes, formatOfficeDays, WorkingCalendar, zoneLabel } from '../common/calendar/working-calendar';
import type { CalendarConfig } from '../common/calendar/calendar.config';
import type { BotState } from '../conversations/conversation.entity';
import type { QuickReply } from '../conversations/message.entity';
import type { ConversationPatch, ResponderDecision } from '../hub/responder';
import type { ReplyDraft } from '../hub/messages';
import type { KbEntry } from '../knowledge/kb.types';
import { renderPlaceholders } from '../knowledge/placeholders';
import { FINAL_STAGES, PERMIT_STAGES, PermitApplication, PermitProviderUnavailableError, PermitStatusProvider } from '../permits/permit.types';
import { hashNik } from '../permits/nik';
import type { BotConfig } from './bot.config';
import type { ComplaintDesk, KnowledgeSnapshot, KnowledgeSource, SubscriptionStore, TeamCode, TeamDirectory, VerificationLimiter } from './bot.ports';
import { normalisePhone } from './nlu/entities';
import type { Lang } from './nlu/language';
import type { NluResult } from './nlu/nlu.types';

type Awaiting = 'app_number' | 'verify' | 'complaint' | 'notify_confirm' | 'choice';

/** The dialogue state kept in conversation.botState (no personal data: numbers only). */
export interface DialogueState {
  v: 1;
  lang: Lang;
  /** Turns in a row the bot did not understand. */
  misses: number;
  awaiting?: Awaiting;
  /** What to do once an application number arrives. */
  then?: 'status' | 'notify';
  appNo?: string;
  /** Application numbers whose applicant was verified in this conversation. */
  verified: string[];
  /** Labels offered as choices (faq ids or intents), and whether they were numbered. */
  choices?: string[];
  numbered?: boolean;
  /** Last topic, for routing a hand-off to the right team. */
  topic?: string;
  complaintPrompts?: number;
}

export interface DialogueInput {
  messageId: string;
  text: string;
  replyPayload?: string;
  conversation: { id: string; botState: BotState | null; channel: string; identityId: string | null; contactId: string };
  contact: { id: string; phone: string | null };
  /** E.164 of the sender when the channel knows it (WhatsApp, counter). */
  senderPhone?: string;
  /** How many files (photos, documents, voice notes...) came with the message; locations do not count. */
  files?: number;
}

export interface DialogueDeps {
  knowledge: KnowledgeSource;
  permits: PermitStatusProvider;
  limiter: VerificationLimiter;
  teams: TeamDirectory;
  complaints: ComplaintDesk;
  subscriptions: SubscriptionStore;
  calendar: WorkingCalendar;
  config: Pick<CalendarConfig, 'OFFICE_HOURS' | 'OFFICE_DAYS'> & Pick<BotConfig, 'HANDOFF_AFTER_MISUNDERSTOOD'>;
  now: () => Date;
  log?: { debug(msg: string): void; warn(msg: string): void };
}

const INTENT_TITLES: Record<string, { id: string; en: string }> = {
  permit_status: { id: 'Cek status izin', en: 'Check permit status' },
  complaint: { id: 'Pengaduan', en: 'File a complaint' },
  human_agent: { id: 'Bicara dengan petugas', en: 'Talk to an officer' },
};
/** Shown under "2. Persyaratan & biaya". */
const REQUIREMENT_TOPICS = ['pbg-persyaratan', 'pbg-biaya', 'biaya-layanan', 'nakes-sip', 'faskes-izin', 'reklame'];

const TEAM_OF_TOPIC: Array<[RegExp, TeamCode]> = [
  [/^(pbg|imb|slf|reklame|pkkpr|andalalin|lingkungan)/, 'bangunan'],
  [/^(nakes|faskes)/, 'kesehatan'],
  [/^complaint$/, 'pengaduan'],
];
const TEAM_OF_NUMBER: Array<[RegExp, TeamCode]> = [
  [/^(PBG|IMB|SLF|REK|PKKPR|KKPR|ANDAL|SPPL|UKL|AMDAL)/, 'bangunan'],
  [/^(SIP|SIK|STR|FASKES|KLINIK|APT|OPT|LAB)/, 'kesehatan'],
];
const TEAM_NAMES: Record<TeamCode, { id: string; en: string }> = {
  umum: { id: 'layanan umum', en: 'general service' },
  bangunan: { id: 'perizinan bangunan & tata ruang', en: 'building & spatial permits' },
  kesehatan: { id: 'perizinan kesehatan', en: 'health permits' },
  pengaduan: { id: 'pengaduan', en: 'complaints' },
};

const YES = /^(ya|iya|iy|y|yes|yup|boleh|mau|ok|oke|okay|baik|setuju|silakan|silahkan|kabari)\b/i;
const NO = /^(tidak|tdk|gak|ga|gk|nggak|ngga|enggak|no|nope|jangan|nanti saja|tidak usah|gausah|ga usah)\b/i;
const NOTIFY = /\b(kabari|kabarin|kabarkan|kasih kabar|beri ?tahu|beritahu|notif\w*|ingatkan|notify|let me know|tell me when)\b/i;
const MENU_WORDS = /^(menu|menu utama|kembali|main menu|back|0)$/i;
const START_WORDS = /^\/?(start|mulai)$/i;
const CANCEL_WORDS = /^(batal|batalkan|cancel|stop|gak jadi|ga jadi|tidak jadi|nggak jadi)$/i;
const FORGOT = /\b(lupa|gak tau|ga tau|tidak tahu|nggak tahu|ga inget|tidak ingat|don'?t know|forgot)\b/i;

function t(lang: Lang, id: string, en: string): string {
  return lang === 'en' ? en : id;
}

/** Loads a stored state, tolerating an older or foreign shape. */
export function readState(raw: BotState | null): DialogueState {
  const s = (raw ?? {}) as Partial<DialogueState>;
  return {
    v: 1,
    lang: s.lang === 'en' ? 'en' : 'id',
    misses: typeof s.misses === 'number' ? s.misses : 0,
    awaiting: s.awaiting,
    then: s.then,
    appNo: s.appNo,
    verified: Array.isArray(s.verified) ? s.verified.slice(-10) : [],
    choices: s.choices,
    numbered: s.numbered,
    topic: s.topic,
    complaintPrompts: s.complaintPrompts,
  };
}

class Turn {
  readonly replies: ReplyDraft[] = [];
  patch: ConversationPatch = {};

  say(text: string, quickReplies?: QuickReply[]): void {
    this.replies.push({ senderKind: 'bot', text, ...(quickReplies?.length ? { quickReplies } : {}) });
  }
}

/**
 * The bot's dialogue: menu, FAQ answers, permit status with verification,
 * complaints, notifications and hand-off. Pure logic over injected ports, so
 * it is tested against fakes; the state it returns is persisted by the hub
 * with the replies in one transaction.
 */
export class Dialogue {
  constructor(private readonly deps: DialogueDeps) {}

  async respond(input: DialogueInput): Promise<ResponderDecision> {
    const kb = this.deps.knowledge.current();
    const s = readState(input.conversation.botState);
    const turn = new Turn();
    const text = input.text.trim();
    const nlu = kb.engine.classify(text);
    if ((text.match(/\p{L}{2,}/gu) ?? []).length >= 2) s.lang = nlu.lang;

    await this.route(input, text, nlu, s, kb, turn);

    turn.patch.botState = { ...s } as BotState;
    return { replies: mergeReplies(turn.replies), patch: turn.patch };
  }

  private async route(input: DialogueInput, text: string, nlu: NluResult, s: DialogueState, kb: KnowledgeSnapshot, turn: Turn): Promise<void> {
    const payload = (input.replyPayload ?? text).trim();
    const lower = payload.toLowerCase().replace(/[.!]+$/, '');

    if (CANCEL_WORDS.test(lower) && s.awaiting) {
      this.clearFlow(s);
      turn.say(t(s.lang, 'Baik, dibatalkan.', 'OK, cancelled.'));
      return this.menu(s, turn);
    }
    if (START_WORDS.test(lower)) {
      this.clearFlow(s);
      return this.handleLabel('greeting', input, nlu, s, kb, turn);
    }
    if (MENU_WORDS.test(lower)) {
      this.clearFlow(s);
      return this.menu(s, turn);
    }
    // Quick replies carry explicit payloads.
    const direct = /^(faq|intent):([\w-]+)$/.exec(payload);
    if (direct) {
      this.clearFlow(s);
      return this.handleLabel(direct[2], input, nlu, s, kb, turn);
    }

    if (s.awaiting && (await this.continueFlow(input, text, lower, nlu, s, kb, turn))) return;
    this.clearFlow(s);

    // A photo or document needs a person's eyes: answering its caption as a question would guess.
    if (input.files) return this.handoff('files', input, s, turn);

    const menuDigit = /^([1-4])$/.exec(lower);
    if (menuDigit) return this.menuChoice(Number(menuDigit[1]), input, nlu, s, kb, turn);

    if (NOTIFY.test(text) && (nlu.entities.applicationNumbers.length || s.appNo || /\bizin|permit|terbit|issued\b/i.test(text))) {
      return this.notifyRequest(nlu.entities.applicationNumbers[0] ?? s.appNo, input, s, turn);
    }
    if (nlu.entities.applicationNumbers.length && nlu.label !== 'complaint') {
      s.misses = 0;
      return this.startStatus(nlu.entities.applicationNumbers[0], input, s, turn);
    }

    if (nlu.decision === 'answer') return this.handleLabel(nlu.label, input, nlu, s, kb, turn);
    if (nlu.decision === 'clarify') {
      const options = nlu.candidates.map((c) => c.label).filter((l) => this.titleOf(l, kb, s.lang));
      if (options.length) {
        s.misses = 0;
        return this.offerChoices(
          options.slice(0, 3),
          t(s.lang, 'Maksud Anda yang mana? Ketik angkanya:', 'Which of these do you mean? Type the number:'),
          s,
          kb,
          turn,
        );
      }
    }
    return this.notUnderstood(input, s, turn);
  }

  /** Returns true when the message was consumed by the pending question. */
  private async continueFlow(
    input: DialogueInput,
    text: string,
    lower: string,
    nlu: NluResult,
    s: DialogueState,
    kb: KnowledgeSnapshot,
    turn: Turn,
  ): Promise<boolean> {
    switch (s.awaiting) {
      case 'choice': {
        const choices = s.choices ?? [];
        const digit = /^(\d)$/.exec(lower);
        let label: string | undefined;
        if (digit && s.numbered) label = choices[Number(digit[1]) - 1];
        label ??= choices.find((c) => this.titleOf(c, kb, s.lang)?.toLowerCase() === lower || c === lower);
        if (!label) return false;
        this.clearFlow(s);
        await this.handleLabel(label, input, nlu, s, kb, turn);
        return true;
      }
      case 'app_number': {
        const appNo = nlu.entities.applicationNumbers[0];
        const then = s.then;
        if (appNo) {
          this.clearFlow(s);
          if (then === 'notify') await this.notifyRequest(appNo, input, s, turn);
          else await this.startStatus(appNo, input, s, turn);
          return true;
        }
        if (/\d/.test(text) && text.length <= 40) {
          turn.say(
            t(
              s.lang,
              'Format nomor permohonan belum saya kenali. Contoh: PBG/2025/10/00456 atau SIP-2025-000123. Nomornya ada di tanda terima atau di akun SIPINTER Anda. Ketik "batal" untuk berhenti.',
              'I don’t recognise that application number. Examples: PBG/2025/10/00456 or SIP-2025-000123. You find it on your receipt or in your SIPINTER account. Type "cancel" to stop.',
            ),
          );
          return true;
        }
        return false;
      }
      case 'verify': {
        const appNo = s.appNo;
        if (!appNo) return false;
        // Another (or corrected) application number starts over: its digits are not a guess at the NIK.
        if (nlu.entities.applicationNumbers.length) return false;
        const attempt = verificationAttempt(text);
        if (attempt) {
          await this.verify(appNo, attempt, input, s, turn);
          return true;
        }
        if (FORGOT.test(text)) {
          this.clearFlow(s);
          turn.say(
            t(
              s.lang,
              'Tidak apa-apa. Data pemohon hanya bisa saya tampilkan setelah verifikasi. Anda bisa melihat status di akun SIPINTER, atau saya hubungkan dengan petugas.',
              'No problem. I can only show the application after verification. You can see the status in your SIPINTER account, or I can connect you with an officer.',
            ),
            [this.qr('intent:human_agent', s.lang), this.qrMenu(s.lang)],
          );
          return true;
        }
        return false;
      }
      case 'complaint': {
        if (nlu.entities.applicationNumbers.length === 0 && text.length < 15 && text.split(/\s+/).length < 3) {
          s.complaintPrompts = (s.complaintPrompts ?? 0) + 1;
          if (s.complaintPrompts > 2) return false;
          turn.say(
            t(
              s.lang,
              'Mohon ceritakan sedikit lebih lengkap: apa yang terjadi, kapan, dan di layanan mana. Ketik "batal" bila tidak jadi.',
              'Please tell me a bit more: what happened, when, and for which service. Type "cancel" to stop.',
            ),
          );
          return true;
        }
        this.clearFlow(s);
        await this.openComplaint(text, nlu.entities.applicationNumbers[0], input, s, turn);
        return true;
      }
      case 'notify_confirm': {
        const appNo = s.appNo;
        if (YES.test(lower) && appNo) {
          this.clearFlow(s);
          await this.subscribe(appNo, input, s, turn);
          return true;
        }
        if (NO.test(lower)) {
          this.clearFlow(s);
          turn.say(t(s.lang, 'Baik. Silakan coba cek lagi nanti.', 'Alright. Please try again later.'));
          this.menu(s, turn);
          return true;
        }
        return false;
      }
      default:
        return false;
    }
  }

  private clearFlow(s: DialogueState): void {
    delete s.awaiting;
    delete s.then;
    delete s.choices;
    delete s.numbered;
    delete s.complaintPrompts;
  }

  // ---- menu & labels ----------------------------------------------------

  private menu(s: DialogueState, turn: Turn, intro?: string): void {
    const lines = t(
      s.lang,
      'Silakan pilih (ketik angkanya):\n1. Cek status izin\n2. Persyaratan & biaya\n3. Pengaduan\n4. Bicara dengan petugas\nAtau tulis langsung pertanyaan Anda.',
      'Please choose (type the number):\n1. Check permit status\n2. Requirements & fees\n3. File a complaint\n4. Talk to an officer\nOr just type your question.',
    );
    turn.say(intro ? `${intro}\n\n${lines}` : lines, [
      { payload: '1', title: t(s.lang, 'Cek status izin', 'Check permit status') },
      { payload: '2', title: t(s.lang, 'Persyaratan & biaya', 'Requirements & fees') },
      { payload: '3', title: t(s.lang, 'Pengaduan', 'Complaint') },
      { payload: '4', title: t(s.lang, 'Bicara dengan petugas', 'Talk to an officer') },
    ]);
  }

  private async menuChoice(n: number, input: DialogueInput, nlu: NluResult, s: DialogueState, kb: KnowledgeSnapshot, turn: Turn): Promise<void> {
    s.misses = 0;
    if (n === 1) return this.askAppNumber('status', s, turn);
    if (n === 2) {
      const options = REQUIREMENT_TOPICS.filter((id) => kb.byId.has(id));
      return this.offerChoices(
        options,
        t(
          s.lang,
          'Persyaratan & biaya: pilih topik (ketik angkanya), atau tulis jenis izin yang Anda tanyakan, mis. "syarat izin klinik".',
          'Requirements & fees: pick a topic (type the number), or name the permit, e.g. "clinic permit requirements".',
        ),
        s,
        kb,
        turn,
      );
    }
    if (n === 3) return this.startComplaint(s, turn);
    return this.handoff('request', input, s, turn);
  }

  private async handleLabel(label: string, input: DialogueInput, nlu: NluResult, s: DialogueState, kb: KnowledgeSnapshot, turn: Turn): Promise<void> {
    s.misses = 0;
    switch (label) {
      case 'greeting':
        return this.menu(
          s,
          turn,
          t(
            s.lang,
            'Halo, selamat datang di Layanan Bantuan SIPINTER DPMPTSP Kabupaten Tangerang. Saya asisten otomatis.',
            'Hello, welcome to the SIPINTER help desk of DPMPTSP Kabupaten Tangerang. I am an automated assistant.',
          ),
        );
      case 'thanks':
        turn.say(t(s.lang, 'Sama-sama. Ada lagi yang bisa saya bantu? Ketik "menu" untuk pilihan.', 'You’re welcome. Anything else? Type "menu" for options.'));
        return;
      case 'goodbye':
        turn.say(
          t(s.lang, 'Terima kasih sudah menghubungi Layanan Bantuan SIPINTER. Sampai jumpa.', 'Thank you for contacting the SIPINTER help desk. Goodbye.'),
        );
        return;
      case 'human_agent':
        return this.handoff('request', input, s, turn);
      case 'permit_status': {
        const appNo = nlu.entities.applicationNumbers[0];
        if (appNo) return this.startStatus(appNo, input, s, turn);
        return this.askAppNumber('status', s, turn);
      }
      case 'complaint':
        return this.startComplaint(s, turn);
      case 'out_of_scope':
        return this.menu(
          s,
          turn,
          t(
            s.lang,
            'Maaf, itu di luar layanan saya. Saya hanya bisa membantu soal perizinan di DPMPTSP Kabupaten Tangerang.',
            'Sorry, that is outside what I can help with. I only handle permits at DPMPTSP Kabupaten Tangerang.',
          ),
        );
      default: {
        const entry = kb.byId.get(label);
        if (!entry) return this.notUnderstood(input, s, turn);
        return this.answerFaq(entry, s, kb, turn);
      }
    }
  }

  private titleOf(label: string, kb: KnowledgeSnapshot, lang: Lang): string | undefined {
    const intent = INTENT_TITLES[label];
    if (intent) return lang === 'en' ? intent.en : intent.id;
    return kb.byId.get(label)?.title;
  }

  private qr(payloadLabel: string, lang: Lang, kb?: KnowledgeSnapshot): QuickReply {
    const [, label] = payloadLabel.split(':');
    const title = INTENT_TITLES[label] ? t(lang, INTENT_TITLES[label].id, INTENT_TITLES[label].en) : (kb?.byId.get(label)?.title ?? label);
    return { payload: payloadLabel, title };
  }

  private qrMenu(lang: Lang): QuickReply {
    return { payload: 'menu', title: t(lang, 'Menu utama', 'Main menu') };
  }

  private offerChoices(labels: string[], intro: string, s: DialogueState, kb: KnowledgeSnapshot, turn: Turn): void {
    const lines = labels.map((l, i) => `${i + 1}. ${this.titleOf(l, kb, s.lang)}`);
    s.awaiting = 'choice';
    s.choices = labels;
    s.numbered = true;
    turn.say(`${intro}\n${lines.join('\n')}`, [
      ...labels.map((l) => ({ payload: `${INTENT_TITLES[l] ? 'intent' : 'faq'}:${l}`, title: this.titleOf(l, kb, s.lang) as string })),
      this.qrMenu(s.lang),
    ]);
  }

  private answerFaq(entry: KbEntry, s: DialogueState, kb: KnowledgeSnapshot, turn: Turn): void {
    s.topic = entry.id;
    let text: string;
    if (s.lang === 'en' && entry.answerEn) text = renderPlaceholders(entry.answerEn, kb.values);
    else {
      text = renderPlaceholders(entry.answer, kb.values);
      if (s.lang === 'en') text = `(This answer is only available in Indonesian.)\n${text}`;
    }
    const links = entry.links.slice(0, 2).map((l) => `• ${renderPlaceholders(l.label, kb.values)}: ${renderPlaceholders(l.url, kb.values)}`);
    if (links.length) text += `\n\n${links.join('\n')}`;
    const related = entry.related.filter((id) => kb.byId.has(id)).slice(0, 3);
    if (related.length) {
      s.awaiting = 'choice';
      s.choices = related;
      s.numbered = false;
    }
    turn.say(text, [...related.map((id) => ({ payload: `faq:${id}`, title: kb.byId.get(id)!.title })), this.qrMenu(s.lang)]);
  }

  private notUnderstood(input: DialogueInput, s: DialogueState, turn: Turn): Promise<void> | void {
    s.misses += 1;
    if (s.misses >= this.deps.config.HANDOFF_AFTER_MISUNDERSTOOD) return this.handoff('misunderstood', input, s, turn);
    this.menu(
      s,
      turn,
      t(
        s.lang,
        'Maaf, saya belum mengerti maksud Anda. Coba tulis dengan kata lain, misalnya "syarat PBG" atau "cek status izin", atau pilih menu.',
        'Sorry, I didn’t understand. Try other words, e.g. "building permit requirements" or "check my permit status", or pick from the menu.',
      ),
    );
  }

  // ---- permit status ----------------------------------------------------

  private askAppNumber(then: 'status' | 'notify', s: DialogueState, turn: Turn): void {
    s.awaiting = 'app_number';
    s.then = then;
    s.topic = s.topic ?? 'permit_status';
    turn.say(
      t(
        s.lang,
        'Silakan kirim nomor permohonan Anda, contoh: PBG/2025/10/00456 atau SIP-2025-000123. Nomornya ada di tanda terima atau di akun SIPINTER.',
        'Please send your application number, e.g. PBG/2025/10/00456 or SIP-2025-000123. It is on your receipt and in your SIPINTER account.',
      ),
    );
  }

  private async lockedMessage(appNo: string, input: DialogueInput, s: DialogueState, turn: Turn): Promise<boolean> {
    const ms = await this.deps.limiter.lockedForMs(appNo, input.contact.id);
    if (ms <= 0) return false;
    const minutes = Math.max(1, Math.ceil(ms / 60_000));
    const shown = appNo.toUpperCase();
    this.clearFlow(s);
    turn.say(
      t(
        s.lang,
        `Demi keamanan data pemohon, pengecekan nomor ${shown} dari chat Anda dikunci sementara karena terlalu banyak verifikasi yang salah. Silakan coba lagi dalam ${minutes} menit, atau ketik 4 untuk bicara dengan petugas.`,
        `To protect the applicant’s data, your lookups of ${shown} are locked for now after too many failed checks. Please try again in ${minutes} minutes, or type 4 to talk to an officer.`,
      ),
      [this.qr('intent:human_agent', s.lang), this.qrMenu(s.lang)],
    );
    return true;
  }

  /** Looks the application up; on provider failure tells the citizen and returns undefined. */
  private async lookup(appNo: string, s: DialogueState, turn: Turn): Promise<PermitApplication | null | undefined> {
    try {
      return await this.deps.permits.find(appNo);
    } catch (err) {
      if (!(err instanceof PermitProviderUnavailableError)) throw err;
      this.deps.log?.warn(`permit provider ${this.deps.permits.name} unavailable: ${err.message}`);
      this.clearFlow(s);
      s.appNo = appNo;
      s.awaiting = 'notify_confirm';
      turn.say(
        t(
          s.lang,
          `Maaf, sistem data perizinan sedang tidak dapat dihubungi, jadi status ${appNo} belum bisa saya cek sekarang. Ini gangguan di sistem kami, bukan kesalahan Anda, dan data permohonan Anda tetap aman. Mau saya kabari di chat ini saat izinnya terbit? Balas "ya" atau "tidak".`,
          `Sorry, the permit system cannot be reached right now, so I cannot check ${appNo} at the moment. The problem is on our side and your application is safe. Shall I let you know in this chat when the permit is issued? Reply "yes" or "no".`,
        ),
        [
          { payload: 'ya', title: t(s.lang, 'Ya, kabari saya', 'Yes, notify me') },
          { payload: 'tidak', title: t(s.lang, 'Tidak', 'No') },
        ],
      );
      return undefined;
    }
  }

  /**
   * Until the requester has verified, an unknown number and a known one get
   * the same words (ask to verify, then "does not match"): otherwise the bot
   * would tell anyone which application numbers exist.
   */
  private async startStatus(appNo: string, input: DialogueInput, s: DialogueState, turn: Turn): Promise<void> {
    this.clearFlow(s);
    s.appNo = appNo;
    s.topic = this.numberTopic(appNo) ?? s.topic;
    if (await this.lockedMessage(appNo, input, s, turn)) return;
    const app = await this.lookup(appNo, s, turn);
    if (app === undefined) return;
    const knownPhone = input.senderPhone ?? input.contact.phone;
    if (app && (s.verified.includes(app.number) || (knownPhone && app.phone && knownPhone === app.phone))) {
      if (!s.verified.includes(app.number)) s.verified.push(app.number);
      return this.reveal(app, input, s, turn);
    }
    s.awaiting = 'verify';
    const shown = appNo.toUpperCase();
    turn.say(
      t(
        s.lang,
        `Untuk melindungi data pemohon, status permohonan ${shown} hanya saya tampilkan setelah verifikasi. Kirim 4 digit terakhir NIK pemohon, atau nomor HP yang didaftarkan pada permohonan.`,
        `To protect the applicant’s data, I show the status of ${shown} only after verification. Send the last 4 digits of the applicant’s NIK, or the phone number registered on the application.`,
      ),
    );
  }

  private async verify(appNo: string, attempt: VerificationAttempt, input: DialogueInput, s: DialogueState, turn: Turn): Promise<void> {
    if (await this.lockedMessage(appNo, input, s, turn)) return;
    const app = await this.lookup(appNo, s, turn);
    if (app === undefined) return;
    if (app && matches(app, attempt)) {
      await this.deps.limiter.reset(appNo, input.contact.id);
      this.clearFlow(s);
      if (!s.verified.includes(app.number)) s.verified.push(app.number);
      return this.reveal(app, input, s, turn);
    }
    // A number that does not exist counts and answers like a wrong answer: guessing numbers is guessing too.
    const r = await this.deps.limiter.recordFailure(appNo, input.contact.id);
    if (r.locked) {
      await this.lockedMessage(appNo, input, s, turn);
      return;
    }
    const shown = appNo.toUpperCase();
    turn.say(
      t(
        s.lang,
        `Nomor permohonan ${shown} dan data verifikasi tidak cocok. Periksa lagi penulisan nomornya (huruf, garis miring, angka nol) dan data yang Anda kirim. Sisa percobaan: ${r.attemptsLeft}. Kirim 4 digit terakhir NIK pemohon atau nomor HP yang didaftarkan, kirim nomor permohonan yang benar, atau ketik "batal".`,
        `The application number ${shown} and the verification data do not match. Check how the number is written and what you sent. Attempts left: ${r.attemptsLeft}. Send the last 4 digits of the applicant’s NIK or the registered phone number, send the correct application number, or type "cancel".`,
      ),
    );
  }

  private async reveal(app: PermitApplication, input: DialogueInput, s: DialogueState, turn: Turn): Promise<void> {
    const cal = this.deps.calendar;
    const lang = s.lang;
    const now = this.deps.now();
    const stage = PERMIT_STAGES[app.stage];
    const since = cal.toLocalDate(app.stageSince);
    const daysInStage = cal.workingDaysBetween(app.stageSince, now);
    const due = cal.addWorkingDays(app.submittedAt, app.serviceStandardDays);
    const today = cal.toLocalDate(now);
    const final = FINAL_STAGES.includes(app.stage);
    const overdue = !final && app.stage !== 'perbaikan' && app.stage !== 'pembayaran' && today > due;
    const lines = [
      t(lang, `Status permohonan ${app.number}`, `Status of application ${app.number}`),
      `• ${t(lang, 'Jenis izin', 'Permit')}: ${app.permitType}`,
      `• ${t(lang, 'Tahap sekarang', 'Current stage')}: ${lang === 'en' ? stage.en : stage.id}${app.agencyPending && app.stage === 'rekomendasi_teknis' ? ` (${app.agencyPending})` : ''}`,
      `• ${t(lang, 'Sejak', 'Since')}: ${formatLocalDate(since, lang)} (${daysInStage} ${t(lang, 'hari kerja', 'working days')})`,
    ];
    if (!final) {
      lines.push(
        `• ${t(lang, 'Standar pelayanan', 'Service standard')}: ${app.serviceStandardDays} ${t(lang, 'hari kerja sejak diajukan', 'working days from submission')} (${formatLocalDate(cal.toLocalDate(app.submittedAt), lang)})`,
        `• ${t(lang, 'Perkiraan selesai', 'Expected completion')}: ${formatLocalDate(due, lang)}`,
      );
      if (app.stage === 'perbaikan')
        lines.push(
          t(
            lang,
            '  (Waktu pelayanan dihitung lagi setelah perbaikan berkas Anda diterima.)',
            '  (The service time continues once your corrections are received.)',
          ),
        );
    }
    const todo =
      app.nextAction ??
      (app.stage === 'terbit'
        ? t(lang, 'Unduh dokumen izin di akun SIPINTER Anda.', 'Download the permit from your SIPINTER account.')
        : app.stage === 'ditolak'
          ? t(lang, 'Lihat alasan penolakan di akun SIPINTER Anda.', 'See the reason in your SIPINTER account.')
          : t(lang, 'Belum ada. Anda cukup menunggu; kami proses di sini.', 'Nothing for now. You only need to wait; we are processing it.'));
    lines.push(`• ${t(lang, 'Yang perlu Anda lakukan', 'What you need to do')}: ${todo}`);
    const quick: QuickReply[] = [];
    if (!final) quick.push({ payload: 'kabari saya', title: t(lang, 'Kabari saya saat terbit', 'Notify me when issued') });
    quick.push(this.qr('intent:human_agent', lang), this.qrMenu(lang));
    turn.say(lines.join('\n'), quick);

    if (overdue) {
      // Past the service standard: a person has to chase it (the case needs an officer).
      turn.say(
        t(
          lang,
          `Permohonan ini sudah melewati standar waktu pelayanan (seharusnya selesai ${formatLocalDate(due, lang)}). Saya teruskan ke petugas agar ditindaklanjuti.`,
          `This application is past its service standard (due ${formatLocalDate(due, lang)}). I am passing it to an officer to follow up.`,
        ),
      );
      await this.handoff('overdue', input, s, turn, app.number);
    }
  }

  // ---- notifications ----------------------------------------------------

  private async notifyRequest(appNo: string | undefined, input: DialogueInput, s: DialogueState, turn: Turn): Promise<void> {
    s.misses = 0;
    if (!appNo) return this.askAppNumber('notify', s, turn);
    this.clearFlow(s);
    s.appNo = appNo;
    return this.subscribe(appNo, input, s, turn);
  }

  private async subscribe(appNo: string, input: DialogueInput, s: DialogueState, turn: Turn): Promise<void> {
    await this.deps.subscriptions.subscribe({
      applicationNumber: appNo,
      contactId: input.contact.id,
      channel: input.conversation.channel,
      identityId: input.conversation.identityId,
      verified: s.verified.includes(appNo),
    });
    turn.say(
      t(
        s.lang,
        `Baik, saya catat. Anda akan kami kabari lewat chat ini saat izin ${appNo} terbit.`,
        `Done. We will let you know in this chat when permit ${appNo} is issued.`,
      ),
      [this.qrMenu(s.lang)],
    );
  }

  // ---- complaints -------------------------------------------------------

  private startComplaint(s: DialogueState, turn: Turn): void {
    s.awaiting = 'complaint';
    s.complaintPrompts = 0;
    s.topic = 'complaint';
    turn.say(
      t(
        s.lang,
        'Silakan ceritakan apa yang terjadi: kapan, di layanan mana, siapa yang terlibat (bila tahu), dan nomor permohonan bila ada. Jangan tulis NIK lengkap atau kata sandi. Ketik "batal" bila tidak jadi.',
        'Please tell me what happened: when, which service, who was involved (if known), and the application number if any. Do not send your full NIK or passwords. Type "cancel" to stop.',
      ),
    );
  }

  private async openComplaint(description: string, appNo: string | undefined, input: DialogueInput, s: DialogueState, turn: Turn): Promise<void> {
    const { reference } = await this.deps.complaints.open({
      sourceMessageId: input.messageId,
      contactId: input.contact.id,
      channel: input.conversation.channel,
      identityId: input.conversation.identityId,
      description,
      applicationNumber: appNo,
      fromConversationId: input.conversation.id,
    });
    const when = this.availability(s.lang);
    const lapor = this.deps.knowledge.current().values.get('links.lapor') ?? 'https://www.lapor.go.id';
    turn.say(
      t(
        s.lang,
        `Pengaduan Anda sudah kami terima dengan nomor referensi ${reference}. Simpan nomor ini untuk menanyakan perkembangannya. Tim pengaduan akan menindaklanjuti; ${when}\n\nAnda juga dapat menyampaikan pengaduan lewat SP4N-LAPOR!, kanal pengaduan pelayanan publik nasional: ${lapor}`,
        `Your complaint has been received with reference number ${reference}. Keep it to ask about progress. The complaints team will follow up; ${when}\n\nYou can also report through SP4N-LAPOR!, the national public-service complaint channel: ${lapor}`,
      ),
      [this.qrMenu(s.lang)],
    );
  }

  // ---- hand-off ---------------------------------------------------------

  private numberTopic(appNo: string): string | undefined {
    const hit = TEAM_OF_NUMBER.find(([re]) => re.test(appNo));
    return hit ? `number:${hit[1]}` : undefined;
  }

  private teamFor(s: DialogueState): TeamCode {
    const topic = s.topic ?? '';
    if (topic.startsWith('number:')) return topic.slice(7) as TeamCode;
    return TEAM_OF_TOPIC.find(([re]) => re.test(topic))?.[1] ?? 'umum';
  }

  /** An honest sentence on when a person will answer. */
  private availability(lang: Lang): string {
    const cal = this.deps.calendar;
    const now = this.deps.now();
    const hours = this.deps.config.OFFICE_HOURS;
    const zone = zoneLabel(cal.timeZone);
    const schedule = `${formatOfficeDays(this.deps.config.OFFICE_DAYS, lang)} ${formatMinutes(hours.openMin, lang)}–${formatMinutes(hours.closeMin, lang)} ${zone}`;
    const next = cal.nextAvailability(now);
    if (next.openNow)
      return t(
        lang,
        `sekarang jam kerja (${schedule}), petugas akan membalas di chat ini secepatnya.`,
        `it is now within office hours (${schedule}); an officer will reply in this chat as soon as possible.`,
      );
    const holiday = cal.holidayOn(now);
    const reason = holiday
      ? t(lang, `hari ini libur (${holiday.name})`, `today is a public holiday (${holiday.name})`)
      : t(lang, 'saat ini di luar jam kerja', 'it is outside office hours now');
    const nextLocal = cal.local(next.at);
    return t(
      lang,
      `${reason} (jam kerja ${schedule}, kecuali libur nasional dan cuti bersama). Petugas akan membalas mulai ${formatLocalDate(nextLocal.date, lang)} pukul ${formatMinutes(nextLocal.minutes, lang)} ${zone}.`,
      `${reason} (office hours ${schedule}, except public holidays). An officer will reply from ${formatLocalDate(nextLocal.date, lang)} at ${formatMinutes(nextLocal.minutes, lang)} ${zone}.`,
    );
  }

  private async handoff(
    reason: 'request' | 'misunderstood' | 'overdue' | 'files',
    input: DialogueInput,
    s: DialogueState,
    turn: Turn,
    appNo?: string,
  ): Promise<void> {
    this.clearFlow(s);
    s.misses = 0;
    const team = this.teamFor(s);
    const teamId = await this.deps.teams.idFor(team);
    const lang = s.lang;
    const subject =
      reason === 'overdue'
        ? `Permohonan ${appNo} melewati standar waktu`
        : reason === 'files'
          ? 'Warga mengirim berkas'
          : reason === 'misunderstood'
            ? 'Bot tidak memahami pertanyaan warga'
            : 'Warga minta bicara dengan petugas';
    turn.patch = { ...turn.patch, status: 'pending', teamId, waitingSince: this.deps.now(), subject };
    const intro =
      reason === 'misunderstood'
        ? t(
            lang,
            'Maaf, saya belum bisa memahami pertanyaan Anda. Saya hubungkan dengan petugas',
            'Sorry, I could not understand your question. I am connecting you with an officer',
          )
        : reason === 'overdue'
          ? t(lang, 'Percakapan ini saya teruskan ke petugas', 'I am passing this chat to an officer')
          : reason === 'files'
            ? t(
                lang,
                'Terima kasih, berkas Anda sudah kami terima. Saya tidak dapat memeriksa isi berkas, jadi saya teruskan ke petugas',
                'Thank you, we have received your file. I cannot check its contents, so I am passing it to an officer',
              )
            : t(lang, 'Baik, saya hubungkan dengan petugas', 'OK, I am connecting you with an officer');
    turn.say(
      `${intro} ${t(lang, `(${TEAM_NAMES[team].id})`, `(${TEAM_NAMES[team].en})`)}. ${capitalise(this.availability(lang))} ${t(
        lang,
        'Pesan yang Anda kirim sekarang akan dibaca petugas; Anda tidak perlu mengulang.',
        'Messages you send now will be read by the officer; no need to repeat yourself.',
      )}`,
    );
  }
}

/**
 * One bot message per turn: separate messages of one turn could be delivered
 * out of order by a channel. The quick replies of the last part are kept.
 */
function mergeReplies(replies: ReplyDraft[]): ReplyDraft[] {
  if (replies.length <= 1) return replies;
  const last = replies[replies.length - 1];
  return [{ senderKind: 'bot', text: replies.map((r) => r.text).join('\n\n'), ...(last.quickReplies ? { quickReplies: last.quickReplies } : {}) }];
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

type VerificationAttempt = { kind: 'last4'; value: string } | { kind: 'nik'; value: string } | { kind: 'phone'; value: string };

/** Reads what the citizen typed as a verification answer, or null when it is not one. */
export function verificationAttempt(text: string): VerificationAttempt | null {
  const compact = text.replace(/[\s.-]/g, '');
  const full = /(?<!\d)(\d{16})(?!\d)/.exec(compact);
  if (full) return { kind: 'nik', value: full[1] };
  const phone = normalisePhone(text.replace(/^[^\d+]+/, '').trim());
  if (phone) return { kind: 'phone', value: phone };
  if (text.length <= 40) {
    const four = /(?<!\d)(\d{4})(?!\d)/.exec(text);
    if (four) return { kind: 'last4', value: four[1] };
  }
  return null;
}

function matches(app: PermitApplication, a: VerificationAttempt): boolean {
  if (a.kind === 'last4') return a.value === app.nikLast4;
  if (a.kind === 'nik') return a.value.slice(-4) === app.nikLast4 && (!app.nikHash || app.nikHash === hashNik(a.value));
  return !!app.phone && a.value === app.phone;
}
