/**
 * Surface cues the bag-of-words model cannot learn from a few phrasings:
 * other agencies' services (asked with the same verbs as permits: renew,
 * register, pay) and complaints told as stories. Each cue adds to one label's
 * blended score; the lists were written from the issue's failure styles and
 * checked on the tuning half of test/fixtures/bot/heldout-own.jsonl only.
 */

/** Services of other offices (Samsat, Dukcapil, BPN, police, BPJS, tax office …). */
const OTHER_AGENCY = new RegExp(
  [
    '\\b(sim ?[abc12]?|stnk|bpkb|samsat|plat nomor|nopol|balik nama (motor|mobil|kendaraan))\\b',
    '\\bpajak (motor|mobil|kendaraan|tahunan kendaraan|bumi|penghasilan)\\b',
    '\\b(bpjs|jht|kis|dukcapil|disdukcapil|capil|paspor|imigrasi|skck|polres|polsek|polisi|bpn|girik|ajb|kua|npwp|pbb|pdam|pln|cpns|pppk|ppdb|zonasi sekolah)\\b',
    '\\b(bikin|buat|membuat|ganti|mengganti|hilang|rusak|perpanjang\\w*|urus|ngurus|mengurus|cetak|rekam|daftar)\\s+(e-?ktp|ktp|kk|kartu keluarga|akta|akte|surat pindah|surat nikah)\\b',
    '\\b(akta|akte) (kelahiran|kematian|lahir|nikah|cerai)\\b',
    '\\bsertifikat (tanah|rumah)\\b|\\bsurat pindah\\b|\\bdomisili\\b',
    "\\b(driving licen[cs]e|driver'?s licen[cs]e|vehicle tax|car tax|passport|id card|identity card|car plate|health insurance|land certificate|police record)\\b",
  ].join('|'),
  'i',
);

/** Words that say the question is about a permit of this office after all. */
const PERMIT_CONTEXT = /\b(izin|ijin|perizinan|permit|pbg|imb|slf|reklame|sipinter|oss|nib|retribusi|permohonan|dpmptsp|simbg|pkkpr|krk)\b/i;

/** A complaint told as a story: unanswered channels, extortion, formal objections, being sent back and forth. */
const COMPLAINT_STORY = new RegExp(
  [
    '\\b(ga|gak|nggak|ngga|tidak|tdk|kagak|belum|blm) (pernah )?(di ?angkat|diangkat|dibales|dibalas|direspon|direspons|dijawab|ditanggapi|bales|balas|respon)\\w*',
    '\\bcentang (satu|1)\\b',
    '\\b(pungli|pungutan liar|uang (rokok|pelicin|tambahan|bensin|makan)|minta (uang|duit|transfer|imbalan)|dimintai|diminta bayar(an)? (lebih|tambahan))\\b',
    '\\b(keberatan|sanggah|banding)\\b',
    '\\b(lapor|laporin|laporkan|melaporkan|ngadu|mengadu|pengaduan|komplain|komplen|complain|complaint|report an? officer|report the officer)\\b',
    '\\b(kecewa|parah|jutek|kasar|bolak.?balik|disuruh balik|dipingpong|orang dalem|orang dalam|ngaku petugas|mengaku petugas)\\b',
    '\\b(never (answers?|replies|replied|responds?)|no one answers|nobody (answers|replied|replies)|terrible|awful|rude)\\b',
  ].join('|'),
  'i',
);

export interface CueHits {
  otherAgency: boolean;
  complaintStory: boolean;
}

export function cueHits(text: string): CueHits {
  return {
    otherAgency: OTHER_AGENCY.test(text) && !PERMIT_CONTEXT.test(text),
    complaintStory: COMPLAINT_STORY.test(text),
  };
}
