import { splitAnswer } from '../../../../src/bot/flows/answer-parts';
import { renderForCitizen } from '../../../../src/knowledge';
import { knowledge } from './harness';

/** The same words in the same order: the split only moves line breaks. */
const words = (t: string) => t.split(/\s+/).filter(Boolean);

describe('splitAnswer', () => {
  const limit = 300;
  const sentence = (n: number) => `Kalimat nomor ${n} menjelaskan satu langkah dengan cukup rinci agar mudah diikuti oleh pemohon.`;

  it('keeps a short answer whole', () => {
    expect(splitAnswer('  Jam layanan: Senin–Jumat 08.00–16.00.\n', { limit })).toEqual(['Jam layanan: Senin–Jumat 08.00–16.00.']);
    expect(splitAnswer('   ', { limit })).toEqual([]);
  });

  it('sends the introduction with the numbered steps first, the rest after', () => {
    const steps = [1, 2, 3, 4].map((n) => `${n}. ${sentence(n)}`);
    const text = ['Langkah umum:', ...steps, sentence(5), sentence(6), sentence(7)].join('\n');
    const parts = splitAnswer(text, { limit });
    expect(parts[0]).toBe(['Langkah umum:', ...steps].join('\n'));
    expect(parts[0].length).toBeGreaterThan(limit); // the steps stay together up to 1.5× the limit
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.slice(1).join('\n')).toBe([sentence(5), sentence(6), sentence(7)].join('\n'));
  });

  it('keeps a step together with its indented or bulleted sub-items', () => {
    const text = [
      'Intro:',
      `1. ${sentence(1)}`,
      `2. ${sentence(2)}`,
      '   - Rendah: cukup NIB.',
      '   - Tinggi: NIB + Izin.',
      `3. ${sentence(3)}`,
      sentence(4),
      sentence(5),
      sentence(6),
    ].join('\n');
    const parts = splitAnswer(text, { limit });
    expect(parts[0]).toContain('   - Rendah: cukup NIB.\n   - Tinggi: NIB + Izin.\n3.');
    expect(parts[1].startsWith(sentence(4))).toBe(true);
  });

  it('cuts between paragraphs when there are no steps, and keeps the blank line inside a part', () => {
    const paras = [1, 2, 3, 4, 5, 6].map((n) => sentence(n));
    const text = paras.join('\n\n');
    const parts = splitAnswer(text, { limit });
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(limit);
      for (const piece of p.split('\n\n')) expect(paras).toContain(piece);
    }
    expect(parts.join('\n\n')).toBe(text);
  });

  it('cuts an over-long paragraph only between sentences, never inside a link or an abbreviation', () => {
    const url = 'https://sipinter.tangerangkab.go.id/Panduan.Unggah.Berkas?v=1.2';
    const para = [sentence(1), `Panduan ada di ${url}. Kantor di Kab. Tangerang buka pukul 08.00.`, sentence(2), sentence(3), sentence(4), sentence(5)].join(
      ' ',
    );
    const parts = splitAnswer(para, { limit });
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.some((p) => p.includes(url))).toBe(true);
    expect(parts.some((p) => p.includes('Kab. Tangerang buka pukul 08.00.'))).toBe(true);
    for (const p of parts) {
      expect(p).toMatch(/[.!?]$/); // every part ends at a sentence end
      expect(p.trim()).not.toBe('');
    }
    expect(words(parts.join(' '))).toEqual(words(para));
  });

  it('keeps one sentence longer than the limit whole instead of cutting it', () => {
    const long = `Satu kalimat ${'sangat '.repeat(80)}panjang.`;
    const parts = splitAnswer(`${long} ${sentence(1)}`, { limit });
    expect(parts[0]).toBe(long);
  });

  it('does not leave a short tail behind a tap', () => {
    const text = [`Intro:`, ...[1, 2, 3].map((n) => `${n}. ${sentence(n)}`), 'Gratis.'].join('\n');
    expect(text.length).toBeGreaterThan(limit);
    expect(splitAnswer(text, { limit })).toEqual([text]);
  });

  it('splits every long shipped answer (both languages) into non-empty parts that keep every word', () => {
    const split: string[] = [];
    for (const entry of knowledge.byId.values()) {
      for (const raw of [entry.answer, entry.answerEn ?? '']) {
        const text = renderForCitizen(raw, knowledge.values, 'silakan hubungi kantor').text.trim();
        if (!text) continue;
        const parts = splitAnswer(text, { limit: 600 });
        expect(parts.every((p) => p.trim().length > 0)).toBe(true);
        expect(words(parts.join('\n'))).toEqual(words(text));
        for (const p of parts) expect(p.length).toBeLessThanOrEqual(900);
        if (text.length > 600 * 1.2) {
          if (parts.length < 2) throw new Error(`${entry.id}: ${text.length} characters sent in one part`);
          split.push(entry.id);
        }
      }
    }
    // Most of the shipped answers are longer than a phone screen.
    expect(new Set(split).size).toBeGreaterThan(15);
  });
});
