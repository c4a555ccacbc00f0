/** Function words that are unambiguous English (none is also common Indonesian chat). */
const ENGLISH_WORDS = new Set(
  (
    'the a an is are was were be been am do does did i my me you your we our us he she it its they them their ' +
    'what which who whom whose how why when where can could would should will shall may might must to of for in on ' +
    'at by with from about into this that these those there here and or but not yes if then than so please ' +
    'hello hi thanks thank have has had get got need want know tell help just now today tomorrow there anyone ' +
    'good morning afternoon evening night bye all for much very any some'
  ).split(' '),
);

/** Common Indonesian function / chat words, including the slang forms. */
const INDONESIAN_WORDS = new Set(
  (
    'yang dan di ke dari untuk dengan ini itu ada apa bagaimana gimana gmn berapa brp kapan mana dimana siapa ' +
    'saya sy aku gw kami kita anda kamu tidak ga gak gk nggak belum blm sudah udah udh bisa mau ingin perlu harus ' +
    'ya sih dong kok nih deh min kak pak bu mas mbak tolong mohon izin ijin terima kasih makasih selamat pagi siang ' +
    'sore malam halo permisi punten nuhun aja saja juga lagi lg kalau kalo atau tapi tp jadi buat bikin cara ' +
    'apakah adalah masih sama tuh nya kah lah pun oleh pada dalam sudah sampai berapa apa'
  ).split(' '),
);

export type Lang = 'id' | 'en';

/**
 * Id/en detection by function-word counts: robust on the 2-10 word messages a
 * chat gets, where character-model detectors are unreliable. Ties and
 * messages without any function word default to Indonesian, the office's language.
 */
export function detectLanguage(text: string): Lang {
  let lower = text.toLowerCase();
  if (lower.includes("'") || lower.includes('’')) lower = lower.replace(/[’']/g, '');
  // Runs of a-z are the words (one scan, no array of words).
  let en = 0;
  let id = 0;
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 0;
    if (c >= 97 && c <= 122) {
      if (start < 0) start = i;
      continue;
    }
    if (start < 0) continue;
    const w = lower.slice(start, i);
    start = -1;
    if (ENGLISH_WORDS.has(w)) en++;
    if (INDONESIAN_WORDS.has(w)) id++;
  }
  return en > id ? 'en' : 'id';
}
