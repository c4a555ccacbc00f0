import { readFileSync } from 'node:fs';
import { DEFAULT_WORDING_DIR, LANGS, MESSAGES, type MessageKey, paramsIn, readWordingFile, Wording, wordingProblems } from '../../../src/bot/wording';
import { projectPath } from '../../../src/common/paths';

const file = (lang: string) => `${DEFAULT_WORDING_DIR}/messages.${lang}.yaml`;

describe('bot wording (resources/bot/messages.*.yaml)', () => {
  it.each(LANGS)('%s: has every key, no unknown one, and exactly the {names} the bot fills in', (lang) => {
    expect(wordingProblems(readWordingFile(file(lang)))).toEqual([]);
  });

  it('every key the code uses is declared, with the names it passes', () => {
    // The flows call t('key', { … }): each literal key must be one of MESSAGES (the type checker checks the names).
    const sources = [
      'dialogue.ts',
      'flows/flow.ts',
      'flows/faq.flow.ts',
      'flows/status.flow.ts',
      'flows/notify.flow.ts',
      'flows/complaint.flow.ts',
      'flows/handoff.flow.ts',
      'flows/application-number.ts',
    ]
      .map((f) => readFileSync(projectPath('src', 'bot', f), 'utf8'))
      .join('\n');
    const used = [...sources.matchAll(/\bt\('([\w.]+)'/g)].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(30);
    for (const key of used) expect(Object.keys(MESSAGES)).toContain(key);
  });

  it('fills in {names}, leaves {{office placeholders}} and unknown braces alone, and does not re-read inserted values', () => {
    const w = Wording.load();
    expect(w.t('id', 'status.askVerification', { number: 'PBG/2025/10/00456' })).toMatch(
      /^Untuk melindungi data pemohon, status permohonan PBG\/2025\/10\/00456 hanya/,
    );
    expect(w.t('en', 'notify.done', { number: '{number}' })).toBe('Done. We will let you know in this chat when permit {number} is issued.');
    expect(paramsIn('{{office.address}} {a} {{b}}')).toEqual(['a']);
  });

  it('keeps today’s exact wording (tests and the office’s reviewed texts depend on it)', () => {
    const w = Wording.load();
    expect(w.t('id', 'menu.prompt')).toBe(
      'Silakan pilih (ketik angkanya):\n1. Cek status izin\n2. Persyaratan & biaya\n3. Pengaduan\n4. Bicara dengan petugas\nAtau tulis langsung pertanyaan Anda.',
    );
    expect(w.t('en', 'faq.thanks')).toBe('You’re welcome. Anything else? Type "menu" for options.');
    expect(w.t('id', 'status.card.correctionNote')).toBe('  (Waktu pelayanan dihitung lagi setelah perbaikan berkas Anda diterima.)');
    expect(w.t('id', 'complaint.received', { reference: 'R', when: 'W', lapor: 'L' })).toBe(
      'Pengaduan Anda sudah kami terima dengan nomor referensi R. Simpan nomor ini untuk menanyakan perkembangannya. Tim pengaduan akan menindaklanjuti; W\n\nAnda juga dapat menyampaikan pengaduan lewat SP4N-LAPOR!, kanal pengaduan pelayanan publik nasional: L',
    );
  });

  it('reports a missing key, an unknown key and a wrong or missing {name}', () => {
    const texts = new Map<string, unknown>(Object.keys(MESSAGES).map((k) => [k, MESSAGES[k as MessageKey].map((p) => `{${p}}`).join(' ') || 'x']));
    texts.delete('common.cancelled');
    texts.set('status.locked', 'dikunci {number} {menit}');
    texts.set('status.extra', 'x');
    expect(wordingProblems(texts)).toEqual([
      'common.cancelled: missing',
      'status.locked: {menit} is not filled in by the bot (it fills in {number}, {minutes})',
      'status.locked: {minutes} is missing',
      'status.extra: unknown key',
    ]);
  });
});
