/**
 * The integrity guard: an officer's message that hands the citizen a personal
 * phone number, a bank account, a payment request or a private consultant
 * ("calo") is flagged to the supervisors, and blocked when the office says so.
 * Permit services at the DPMPTSP are free of charge except the official levy
 * (retribusi), which is paid with a billing code — that is not flagged.
 */
export type IntegrityReason = 'personal_phone' | 'bank_account' | 'payment_request' | 'private_consultant';

export interface IntegrityVerdict {
  flagged: boolean;
  reasons: IntegrityReason[];
}

export const INTEGRITY_REASON_TEXT: Record<IntegrityReason, string> = {
  personal_phone: 'nomor telepon pribadi',
  bank_account: 'nomor rekening',
  payment_request: 'permintaan pembayaran',
  private_consultant: 'rujukan ke calo/konsultan pribadi',
};

// Indonesian mobile numbers: 08xx / +628xx / 628xx, with spaces, dots or dashes.
const MOBILE = /(?:\+\s?62|\b62|\b0)[\s.-]?8[1-9](?:[\s.-]?\d){6,10}(?!\d)/g;
const WA_LINK = /\b(?:wa\.me|api\.whatsapp\.com\/send|chat\.whatsapp\.com)\b/i;
const BANK_WORDS =
  /\b(?:rekening|rek\b|no\.?\s?rek|norek|a\.?\s?n\.|atas nama|bca|bri|bni|mandiri|bsi|btn|cimb|danamon|permata|bjb|jago|seabank|dana|ovo|gopay|shopeepay|virtual account|va)\b/i;
const ACCOUNT_NUMBER = /(?<![\d+])\d(?:[\s.-]?\d){7,17}(?!\d)/;
const OFFICIAL_PAYMENT = /\b(?:kode billing|kode bayar|retribusi|pnbp|pajak daerah|bphtb|e-?billing)\b/i;
const MONEY = /\b(?:rp\.?\s?\d[\d.,]*|\d[\d.,]*\s?(?:rb|ribu|rebu|k|jt|juta)\b)/i;
const PAY_VERBS =
  /\b(?:transfer|tf|bayar(?:kan)?|kirim(?:kan)?\s+(?:uang|dana)|setor(?:kan)?|biaya|fee|komisi|tip|tips|dp|uang muka|ongkos|imbalan|sumbangan|titip(?:an)?)\b/i;
const ALWAYS_PAYMENT =
  /\b(?:uang\s+(?:rokok|pelicin|lelah|kopi|bensin|terima\s*kasih|jasa|pengurusan)|biaya\s+(?:percepatan|jasa|pengurusan|tambahan|pelicin)|transfer\s+(?:ke|dulu)|tf\s+(?:ke|dulu)|(?:bayar|kirim|transfer)\s+(?:ke\s+)?(?:saya|kami|sini))\b/i;
const CONSULTANT_TERMS =
  /\b(?:konsultan|biro\s+jasa|jasa\s+(?:pengurusan|urus|perizinan)|calo|joki|orang\s+dalam|kenalan\s+(?:saya|kami)|teman\s+(?:saya|kami)|saudara\s+saya|jalur\s+(?:khusus|belakang|cepat|dalam))\b/i;
const REFER_VERBS =
  /\b(?:hubungi|kontak|telepon|telpon|pakai|gunakan|lewat|melalui|via|minta\s+tolong|rekomendasikan|sarankan|bisa\s+bantu|bantu\s+urus|urus(?:kan)?|dijamin|pasti\s+(?:cepat|jadi|beres))\b/i;
const NEGATION =
  /\b(?:jangan|tidak\s+perlu|tidak\s+usah|tak\s+perlu|tanpa|hindari|waspada(?:i)?|bukan|dilarang|tidak\s+melayani|tidak\s+menggunakan)\b[^.!?\n]{0,40}$/i;

/** Normalises a matched mobile number to +62… for the allowlist. */
export function toE164(raw: string): string {
  const d = raw.replace(/\D/g, '');
  if (d.startsWith('62')) return `+${d}`;
  if (d.startsWith('0')) return `+62${d.slice(1)}`;
  return `+${d}`;
}

function negated(text: string, index: number): boolean {
  return NEGATION.test(text.slice(Math.max(0, index - 60), index));
}

export function checkIntegrity(text: string, allowedNumbers: string[] = []): IntegrityVerdict {
  const reasons = new Set<IntegrityReason>();
  const allowed = new Set(allowedNumbers.map(toE164));
  const withoutPhones = text.replace(MOBILE, (m) => {
    if (!allowed.has(toE164(m))) reasons.add('personal_phone');
    return ' ';
  });
  if (WA_LINK.test(text)) reasons.add('personal_phone');

  const official = OFFICIAL_PAYMENT.test(text);
  if (BANK_WORDS.test(text) && ACCOUNT_NUMBER.test(withoutPhones) && !(official && !/\b(?:rekening|norek|no\.?\s?rek|atas nama|a\.?\s?n\.)\b/i.test(text))) {
    reasons.add('bank_account');
  }

  const always = ALWAYS_PAYMENT.exec(text);
  if (always && !negated(text, always.index)) reasons.add('payment_request');
  else if (PAY_VERBS.test(text) && MONEY.test(text) && !official) {
    const v = PAY_VERBS.exec(text)!;
    if (!negated(text, v.index) && !/\b(?:gratis|tidak\s+dipungut\s+biaya|tanpa\s+biaya|bebas\s+biaya)\b/i.test(text)) reasons.add('payment_request');
  }

  const c = CONSULTANT_TERMS.exec(text);
  if (c && !negated(text, c.index)) {
    const strong = /calo|joki|orang\s+dalam|jalur/i.test(c[0]);
    if (strong || REFER_VERBS.test(text) || reasons.has('personal_phone')) reasons.add('private_consultant');
  }
  return { flagged: reasons.size > 0, reasons: [...reasons] };
}
