import type { TeamCode } from '../bot.ports';

/**
 * The words and shapes that steer the dialogue before (or instead of) the
 * classifier: commands, yes/no, and which team an FAQ topic or application
 * number belongs to.
 */
export const YES = /^(ya|iya|iy|y|yes|yup|boleh|mau|ok|oke|okay|baik|setuju|silakan|silahkan|kabari)\b/i;
export const NO = /^(tidak|tdk|gak|ga|gk|nggak|ngga|enggak|no|nope|jangan|nanti saja|tidak usah|gausah|ga usah)\b/i;
export const NOTIFY = /\b(kabari|kabarin|kabarkan|kasih kabar|beri ?tahu|beritahu|notif\w*|ingatkan|notify|let me know|tell me when)\b/i;
/** Says the message is about a permit, so a NOTIFY cue without a number is a subscription request. */
export const PERMIT_WORDS = /\bizin|permit|terbit|issued\b/i;
export const MENU_WORDS = /^(menu|menu utama|kembali|main menu|back|0)$/i;
export const START_WORDS = /^\/?(start|mulai)(@\w+)?(\s+[A-Za-z0-9_-]{1,64})?$/i;
/** A deep link's payload (t.me/<bot>?start=<payload>): where the citizen came from (a poster, the website). */
export function startPayload(text: string): string | undefined {
  return /^\/start(?:@\w+)?\s+([A-Za-z0-9_-]{1,64})$/i.exec(text.trim())?.[1];
}
/** Asks for the next part of a long answer ("Selengkapnya" is also the quick reply's title). */
export const MORE_WORDS = /^(selengkapnya|lanjut|lanjutkan|lanjutannya|berikutnya|more|next|continue|read more|show more)$/i;
export const CANCEL_WORDS = /^(batal|batalkan|cancel|stop|gak jadi|ga jadi|tidak jadi|nggak jadi)$/i;
export const FORGOT = /\b(lupa|gak tau|ga tau|tidak tahu|nggak tahu|ga inget|tidak ingat|don'?t know|forgot)\b/i;
/** "The application number" in a message: with FORGOT it asks where to find it. */
export const APP_NUMBER_WORDS = /\b(no(mor)?\.?\s*(permohonan|pendaftaran|registrasi|pengajuan|berkas|resi)(nya)?|application number|reference number)\b/i;
/** A plain request for a person anywhere in a longer message: one list, shared with the classifier's cue. */
export { HUMAN_REQUEST } from '../nlu/cues';
/**
 * A follow-up that only makes sense after the previous answer ("kalau sudah
 * diperbaiki berapa lama lagi?", "terus kapan selesainya?").
 */
export const FOLLOW_UP =
  /\b(berapa lama lagi|brp lama lagi|kapan (selesai|selesainya|terbit|terbitnya|jadi|jadinya|keluar|keluarnya)|how (much )?longer|when will it be (done|ready|issued))\b/i;
/** Openers of a follow-up ("kalau sudah …", "terus …"): only when the classifier has no confident answer of its own. */
export const FOLLOW_UP_OPENER = /^(kalau|kalo|klo|terus|trus|lalu|then|and if|what if)\b/i;
/** A tapped quick reply: `faq:<entry id>` or `intent:<intent>`. */
export const DIRECT_PAYLOAD = /^(faq|intent):([\w-]+)$/;
export const MENU_DIGIT = /^([1-4])$/;

const TEAM_OF_TOPIC: Array<[RegExp, TeamCode]> = [
  [/^(pbg|imb|slf|reklame|pkkpr|andalalin|lingkungan)/, 'bangunan'],
  [/^(nakes|faskes)/, 'kesehatan'],
  [/^complaint$/, 'pengaduan'],
];
const TEAM_OF_NUMBER: Array<[RegExp, TeamCode]> = [
  [/^(PBG|IMB|SLF|REK|PKKPR|KKPR|ANDAL|SPPL|UKL|AMDAL)/, 'bangunan'],
  [/^(SIP|SIK|STR|FASKES|KLINIK|APT|OPT|LAB)/, 'kesehatan'],
];

/** `number:<team>` when the application number's prefix names a team. */
export function topicOfNumber(appNo: string): string | undefined {
  const hit = TEAM_OF_NUMBER.find(([re]) => re.test(appNo));
  return hit ? `number:${hit[1]}` : undefined;
}

/** The team a hand-off goes to, from the last topic (FAQ id, intent or application number). */
export function teamOfTopic(topic = ''): TeamCode {
  if (topic.startsWith('number:')) return topic.slice(7) as TeamCode;
  return TEAM_OF_TOPIC.find(([re]) => re.test(topic))?.[1] ?? 'umum';
}
