import type { UnsurText } from './unsur';

/** The walk-in page's texts (the nine questions come from resources/survey/unsur.yaml). */
const TEXT = {
  id: {
    title: 'Survei Kepuasan Masyarakat',
    office: 'DPMPTSP Kabupaten Tangerang',
    intro: 'Bantu kami memperbaiki layanan: 9 pertanyaan singkat, sekitar 2 menit. Pertanyaan boleh dilewati.',
    other: 'English',
    question: 'Pertanyaan',
    suggestion: 'Saran untuk perbaikan layanan (boleh dikosongkan)',
    send: 'Kirim penilaian',
    thanks: 'Terima kasih atas penilaian Anda! Jawaban Anda membantu kami memperbaiki layanan.',
    invalid: 'Jawaban tidak valid: pilih salah satu dari empat jawaban, atau lewati pertanyaannya.',
    unknown: 'Tautan survei ini tidak dikenal. Mintalah kode QR baru kepada petugas.',
    used: 'Survei ini sudah diisi. Terima kasih!',
    expired: 'Tautan survei ini sudah kedaluwarsa. Mintalah kode QR baru kepada petugas.',
  },
  en: {
    title: 'Public Satisfaction Survey',
    office: 'DPMPTSP Kabupaten Tangerang',
    intro: 'Help us improve our service: 9 short questions, about 2 minutes. You may skip any question.',
    other: 'Bahasa Indonesia',
    question: 'Question',
    suggestion: 'Suggestion to improve our service (optional)',
    send: 'Send my rating',
    thanks: 'Thank you for your rating! Your answers help us improve our service.',
    invalid: 'Invalid answer: choose one of the four answers, or skip the question.',
    unknown: 'This survey link is not known. Ask the officer for a new QR code.',
    used: 'This survey has already been filled in. Thank you!',
    expired: 'This survey link has expired. Ask the officer for a new QR code.',
  },
} as const;

export type PageLang = keyof typeof TEXT;
export type PageMessage = 'thanks' | 'unknown' | 'used' | 'expired';

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function page(lang: PageLang, body: string): string {
  const t = TEXT[lang];
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${t.title} — ${t.office}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/survei.css">
</head>
<body>
<header><p>${t.office}</p><h1>${t.title}</h1></header>
<main>
${body}
</main>
</body>
</html>
`;
}

/** The form: server-rendered, no script; a plain POST to the same address. */
export function surveyForm(lang: PageLang, token: string, unsur: UnsurText[], error = false): string {
  const t = TEXT[lang];
  const other: PageLang = lang === 'id' ? 'en' : 'id';
  const action = `/survei/${encodeURIComponent(token)}`;
  const fields = unsur
    .map((u, i) => {
      const name = u.code.toLowerCase();
      const options = u.answers.map((a, v) => `<label class="opt"><input type="radio" name="${name}" value="${v + 1}"> ${v + 1}. ${esc(a)}</label>`).join('\n');
      return `<fieldset>
<legend>${t.question} ${i + 1}/${unsur.length}: ${esc(u.name)}</legend>
<p class="q">${esc(u.question)}</p>
${options}
</fieldset>`;
    })
    .join('\n');
  return page(
    lang,
    `<p><a class="lang-switch" href="${action}?lang=${other}" lang="${other}">${t.other}</a></p>
<p>${t.intro}</p>
${error ? `<p class="error" role="alert">${t.invalid}</p>` : ''}
<form method="post" action="${action}?lang=${lang}">
${fields}
<label for="suggestion"><strong>${t.suggestion}</strong></label>
<textarea id="suggestion" name="suggestion" maxlength="1000"></textarea>
<p><button type="submit">${t.send}</button></p>
</form>`,
  );
}

export function surveyMessage(lang: PageLang, message: PageMessage): string {
  return page(lang, `<p${message === 'thanks' ? '' : ' role="alert"'}>${TEXT[lang][message]}</p>`);
}
