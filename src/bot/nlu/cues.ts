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
    // A civil-registry document after a service verb, up to two words apart ("ganti alamat di ktp", "bikin kk baru").
    '\\b(bikin|buat|membuat|ganti|mengganti|ubah|mengubah|hilang|rusak|perpanjang\\w*|urus|ngurus|mengurus|cetak|rekam|daftar|pindah)\\s+(\\w+\\s+){0,2}(e-?ktp|ktp|kk|kartu keluarga|akta|akte|surat pindah|surat nikah|kia)\\b',
    '\\b(ktp|e-?ktp|kk|kartu keluarga)\\s+(saya\\s+|aku\\s+|sy\\s+)?(hilang|rusak|salah|ilang|habis|mati|belum jadi)\\b',
    '\\b(akta|akte) (kelahiran|kematian|lahir|nikah|cerai)\\b',
    '\\bsertifikat (tanah|rumah|hak milik)\\b|\\b(shm|shgb|sertipikat)\\b|\\bbalik nama sertifikat\\b|\\bsurat pindah\\b|\\bdomisili\\b',
    "\\b(driving licen[cs]e|driver'?s licen[cs]e|vehicle tax|car tax|motorbike tax|passport|car plate|health insurance|land certificate|land title|police record|family card|birth certificate)\\b",
    // An identity card only with a service verb: "who can see my ID card data" is a privacy question.
    '\\b(renew|replace|lost|get|make|apply for|change)\\s+(my\\s+|a\\s+|an\\s+|new\\s+)*(id card|identity card|e-?ktp|ktp)\\b',
  ].join('|'),
  'i',
);

/** Words that say the question is about a permit of this office after all. */
const PERMIT_CONTEXT =
  /\b(izin|ijin|perizinan|permit|licen[cs]e to|pbg|imb|slf|reklame|sipinter|oss|nib|retribusi|permohonan|dpmptsp|simbg|pkkpr|krk|sipa|str|sppl|amdal|andalalin|tdup)\b/i;

/**
 * A complaint told as a story: unanswered channels, extortion, formal
 * objections, being sent back and forth or ignored. One regex per family: a
 * story that hits two families ("orang dalam" + "mau lapor") is a complaint
 * more surely than one that hits one.
 */
const COMPLAINT_FAMILIES: RegExp[] = [
  // unanswered channels
  /\b(ga|gak|nggak|ngga|tidak|tdk|kagak|belum|blm) (pernah )?(di ?angkat|diangkat|dibales|dibalas|direspon|direspons|dijawab|ditanggapi|bales|balas|respon)\w*|\b(ga|gak|nggak|ngga|tidak|tdk|kagak) (bisa|pernah bisa) (dihubungi|ditelepon|ditelpon|dikontak)\b|\b(ga|gak|nggak|ngga|tidak|tdk|kagak) ada (yg|yang) (angkat|ngangkat|bales|balas|jawab|respon)\w*|\bcentang (satu|1)\b|\b(never (answers?|replies|replied|responds?)|no one answers|nobody (answers|replied|replies))\b/i,
  // extortion, brokers who claim inside help
  /\b(pungli|pungutan liar|uang (rokok|pelicin|tambahan|bensin|makan|damai)|minta (uang|duit|transfer|imbalan|amplop)|amplop|dimintai|diminta bayar(an)? (lebih|tambahan)|orang dalem|orang dalam|ngaku petugas|mengaku petugas|asal bayar|bribe)\b/i,
  // formal objection
  /\b(keberatan|sanggah|banding)\b/i,
  // the act of complaining
  /\b(lapor|laporin|laporkan|melaporkan|ngadu|mengadu|pengaduan|aduan|komplain|komplen|complain|complaint|report an? officer|report the officer)\b/i,
  // how it felt, being sent back and forth or ignored
  /\b(kecewa|parah|jutek|judes|kasar|dibentak|bolak.?balik|disuruh balik|dipingpong|dipersulit|dicuekin|diabaikan|digantung|dioper|dilempar|di-?php|dijanji(in|kan) (besok|terus|mulu)|(ga|gak|tidak|tdk|kagak|belum) (di ?panggil|dilayani|dilayanin)\w*|terrible|awful|rude)\b/i,
];

/**
 * A request for a person ("mau ngobrol sama orang", "sambungkan ke petugas"),
 * which hands off even inside a longer topical message (issue 16): the
 * dialogue's hand-off flow starts on it, and the classifier adds it to
 * human_agent. A talk verb needs a wish before it ("mau", "bisa", "minta" …),
 * so a story about a chat nobody answered ("sudah chat ke admin") is not read
 * as a request.
 */
export const HUMAN_REQUEST = new RegExp(
  [
    '\\b(mau|ingin|pengen|pingin|pgn|minta|bisa|boleh|tolong|bade|arep|want|need|can i|could i|may i)\\s+(\\w+\\s+){0,2}(bicara|ngobrol|ngomong|omong|chat|chatting|ngechat|hubung\\w*|sambung\\w*|nelpon|telpon|telepon|dilayani|dilayanin|ketemu|nyarios|takon|talk|speak)\\s+(langsung\\s+)?(dengan|dgn|sama|sm|ama|ame|ke|karo|sareng|with|to)\\s+(\\w+\\s+)?(orang|manusia|petugas|operator|cs|customer service|admin manusia|staf|staff|pegawai|agen|agent|human|person|someone|officer)\\b',
    '\\b(sambungkan|sambungin|nyambungin|hubungkan|hubungin|disambungkan|disambungin|dihubungkan|teruskan|diteruskan|oper|transfer|eskalasi|connect)\\s+(saya\\s+|aku\\s+|sy\\s+|me\\s+)?(ke|dengan|dgn|sama|sm|ama|to|with)\\s+(\\w+\\s+)?(orang|manusia|petugas|operator|cs|customer service|admin|helpdesk|help desk|staf|staff|agen|agent|human|person|officer)\\b',
    '\\b(talk|speak|chat) (to|with) (a |an )?(human|person|real person|agent|officer|someone)\\b',
  ].join('|'),
  'i',
);

export interface CueHits {
  otherAgency: boolean;
  /** How many complaint families the message hits (0 = none). */
  complaintStory: number;
  /** Asks for a person (not counted when the message tells a complaint story: the complaint flow hands off itself). */
  humanAsk: boolean;
}

export function cueHits(text: string): CueHits {
  const complaintStory = COMPLAINT_FAMILIES.filter((re) => re.test(text)).length;
  return {
    otherAgency: OTHER_AGENCY.test(text) && !PERMIT_CONTEXT.test(text),
    complaintStory,
    humanAsk: complaintStory === 0 && HUMAN_REQUEST.test(text),
  };
}
