import type { KbEntry } from '../../../src/knowledge/kb.types';
import { kbEntry } from '../../support/kb-entry';
import { NluEngine } from '../../../src/bot/nlu/nlu-engine';

/** A tiny knowledge base so these tests do not depend on the real content. */
const kb = kbEntry;

const entries: KbEntry[] = [
  kb(
    'pbg-biaya',
    'Retribusi PBG',
    [
      'berapa biaya retribusi PBG',
      'cara menghitung retribusi persetujuan bangunan gedung',
      'tarif retribusi PBG rumah tinggal',
      'biaya pbg mahal tidak',
      'How much is the PBG levy?',
      'dasar hukum retribusi PBG',
      'rumus hitung retribusi pbg',
    ],
    'Retribusi PBG dihitung dari luas bangunan, indeks terintegrasi dan harga satuan.',
  ),
  kb(
    'jam-layanan',
    'Jam layanan kantor dan Mal Pelayanan Publik',
    [
      'jam buka kantor DPMPTSP',
      'Mal Pelayanan Publik buka jam berapa',
      'apakah buka hari sabtu',
      'jam operasional loket perizinan',
      'What are the opening hours?',
      'helpdesk buka sampai jam berapa',
      'kantor tutup hari libur nasional?',
    ],
    'Kantor buka Senin sampai Jumat pukul 08.00-16.00.',
  ),
  kb(
    'lokasi-kantor',
    'Alamat dan kontak kantor',
    [
      'alamat kantor DPMPTSP di mana',
      'lokasi Mal Pelayanan Publik',
      'nomor telepon kantor perizinan',
      'email resmi DPMPTSP',
      'Where is the office located?',
      'kantor perizinan ada di kecamatan mana',
      'kontak kantor yang bisa dihubungi',
    ],
    'Kantor berada di Tigaraksa.',
  ),
];

describe('NluEngine', () => {
  const engine = NluEngine.build({ kbEntries: entries });

  it('answers a clear FAQ question with its knowledge-base id', () => {
    const r = engine.classify('brp sih retribusi pbg rumah?');
    expect(r.decision).toBe('answer');
    expect(r.label).toBe('pbg-biaya');
    expect(r.confidence).toBeGreaterThan(0.5);
    expect(r.candidates[0].label).toBe('pbg-biaya');
    expect(r.candidates.length).toBeLessThanOrEqual(3);
  });

  it('recognises conversational intents', () => {
    expect(engine.classify('assalamualaikum min').label).toBe('greeting');
    expect(engine.classify('makasih banyak kak 🙏').label).toBe('thanks');
    expect(engine.classify('mau bicara sama petugas aja').label).toBe('human_agent');
  });

  it('treats an application number or NIK as evidence for permit_status and returns the entities', () => {
    const r = engine.classify('min ini gmn SIP-2025-000123');
    expect(r.label).toBe('permit_status');
    expect(r.entities.applicationNumbers).toEqual(['SIP-2025-000123']);
    const n = engine.classify('nik sy 3603124501880002 udh diproses blm');
    expect(n.label).toBe('permit_status');
    expect(n.entities.niks).toEqual(['3603124501880002']);
    expect(n.normalized).not.toContain('3603124501880002');
  });

  it('falls back on gibberish instead of guessing', () => {
    const r = engine.classify('qwzx vbnm plokij');
    expect(r.decision).toBe('fallback');
    expect(r.label).toBe('fallback');
  });

  it('never answers with a low confidence', () => {
    for (const text of ['jam', 'kantor', 'mal', 'halo jam kantor pbg', 'xyz']) {
      const r = engine.classify(text);
      if (r.decision === 'answer') expect(r.confidence).toBeGreaterThanOrEqual(0.5);
      else if (r.decision === 'clarify') expect(r.candidates.length).toBeGreaterThan(1);
    }
  });

  it('detects the language and normalises slang', () => {
    const en = engine.classify('What are your opening hours?');
    expect(en.lang).toBe('en');
    expect(en.label).toBe('jam-layanan');
    const id = engine.classify('kantornya dmn ya kak');
    expect(id.lang).toBe('id');
    expect(id.normalized).toContain('dimana');
  });
});

describe('NluEngine on the shipped knowledge base', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildDefaultEngine } = require('../../../src/bot/nlu/default-engine') as typeof import('../../../src/bot/nlu/default-engine');
  const engine = buildDefaultEngine();

  it('reports KB-only topics as their topics.json parent', () => {
    expect(engine.knownLabels).toContain('kbli');
    expect(engine.topicOf('kbli')).toBe('oss-nib');
    expect(engine.topicOf('pbg-biaya')).toBe('pbg-biaya');
  });

  it('another office’s service asked with a permit verb is out of scope; the permit one is not', () => {
    expect(engine.classify('mau perpanjang sim a dimana ya').candidates[0].label).toBe('out_of_scope');
    expect(engine.classify('perpanjang izin reklame').candidates[0].label).not.toBe('out_of_scope');
  });

  it('an application number does not override a question a FAQ answers', () => {
    expect(engine.classify('permohonan PBG/2025/02/00321 dikembalikan, apa yang harus diperbaiki').candidates[0].label).toBe('permohonan-ditolak');
    expect(engine.classify('cek status PBG/2025/02/00321').candidates[0].label).toBe('permit_status');
  });

  it('a request for a person hands off even inside a topical message; a story about an unanswered chat does not', () => {
    const asks = engine.classify('kak saya pengen ngobrol sama petugas aja soal retribusi pbg gudang saya, rumit');
    expect(asks.decision).toBe('answer');
    expect(asks.label).toBe('human_agent');
    expect(engine.classify('hubungkan saya ke operator, nomor saya PBG/2025/02/00321').candidates[0].label).toBe('human_agent');
    expect(engine.classify('udah chat ke admin tiga hari ga dibales').candidates[0].label).toBe('complaint');
  });

  it('address words and "mau tanya" alone open the conversation; a lone address word does not', () => {
    const opener = engine.classify('mas aye mau nanya');
    expect(opener.decision).toBe('answer');
    expect(opener.label).toBe('greeting');
    expect(engine.classify('kak').decision).toBe('fallback');
  });
});
