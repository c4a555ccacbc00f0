import { scrub } from '../logging/redaction';

/**
 * Personal data out of a knowledge-gap example, which supervisors read and
 * may copy into the knowledge base: NIK and phone numbers (the logging
 * scrub), application numbers, any other long digit run, e-mail addresses,
 * and a name the citizen gave ("nama saya Budi Santoso").
 */
const APP_NUMBER = /\b[A-Za-z]{2,8}(?:[/.-][A-Za-z0-9]{1,8}){1,5}\b/g;
const LONG_DIGITS = /\d[\d\s.*-]{4,}\d/g;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const NAME_CUE =
  /\b(nama\s+saya|nama\s*:|saya\s+bernama|atas\s+nama|a\.?\s?n\.|dengan\s+(?:bapak|ibu|pak|bu)|my\s+name\s+is|this\s+is)\s+((?:[\p{L}'.]+\s*){1,3})/giu;
/** Words that end a name: what follows "nama saya Budi" is often "mau tanya ...". */
const AFTER_NAME = new Set([
  'mau',
  'ingin',
  'ingin',
  'tanya',
  'bertanya',
  'dari',
  'dan',
  'yang',
  'mohon',
  'minta',
  'apakah',
  'bagaimana',
  'gimana',
  'kapan',
  'want',
  'would',
  'and',
  'from',
  'how',
  'i',
  'saya',
]);

export function maskExample(text: string): string {
  let t = scrub(text.replace(/\s+/g, ' ').trim());
  t = t.replace(EMAIL, '[email]');
  t = t.replace(NAME_CUE, (_m, cue: string, rest: string) => {
    const words = rest.trim().split(/\s+/);
    let n = 0;
    while (n < words.length && !AFTER_NAME.has(words[n].toLowerCase().replace(/[.,!?]$/, ''))) n++;
    const tail = words.slice(n).join(' ');
    return `${cue} [nama]${tail ? ` ${tail}` : ''} `;
  });
  t = t.replace(APP_NUMBER, (m) => (/\d/.test(m) && /[/.-]/.test(m) ? '[nomor permohonan]' : m));
  t = t.replace(LONG_DIGITS, (m) => (m.replace(/\D/g, '').length >= 6 ? '[angka]' : m));
  // The scrub keeps a few digits of NIK and phone for logs; an example needs none.
  t = t.replace(/\+?\d{2,6}\*{3,}\d{0,4}/g, '[angka]');
  return t.replace(/\s+/g, ' ').trim().slice(0, 300);
}
