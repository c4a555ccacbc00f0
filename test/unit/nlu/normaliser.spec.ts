import { DeletionIndex } from '../../../src/bot/nlu/symspell';
import { Normaliser } from '../../../src/bot/nlu/normaliser';

describe('Normaliser', () => {
  const n = new Normaliser();
  n.learnVocabulary('cek status izin permohonan; cara daftar akun; website tidak bisa diakses; unggah berkas');

  it('lower-cases and strips emoji and punctuation', () => {
    expect(n.normalise('Halo, MIN!!! 🙏😊').tokens).toEqual(['halo', 'admin']);
  });

  it('expands chat abbreviations and regional words from the slang lexicon', () => {
    expect(n.normalise('gmn sy blm bs udh').tokens).toEqual(['bagaimana', 'saya', 'belum', 'bisa', 'sudah']);
    expect(n.normalise('aye kagak tau').tokens).toEqual(['saya', 'tidak', 'tahu']);
    expect(n.normalise('kumaha nuhun').tokens).toEqual(['bagaimana', 'terima', 'kasih']);
  });

  it('collapses stretched letters but keeps legit double letters', () => {
    expect(n.normalise('tolonggg').tokens).toEqual(['tolong']);
    expect(n.normalise('makasihhh').tokens).toEqual(['terima', 'kasih']);
    expect(n.normalise('maaf').tokens).toEqual(['maaf']);
    expect(n.normalise('maaaaf').tokens).toEqual(['maaf']);
  });

  it('undoes reduplication written with 2 or a hyphen', () => {
    expect(n.normalise('masuk2 kira-kira').tokens).toEqual(['masuk', 'kira']);
  });

  it('splits glued words using the vocabulary', () => {
    expect(n.normalise('statusizin').tokens).toEqual(['status', 'izin']);
    expect(n.normalise('caradaftar').tokens).toEqual(['cara', 'daftar']);
    expect(n.normalise('gabisadiakses').tokens).toEqual(['tidak', 'bisa', 'diakses']);
  });

  it('corrects small typos against the index vocabulary only', () => {
    expect(n.normalise('permohnan').tokens).toEqual(['permohonan']);
    expect(n.normalise('webiste').tokens).toEqual(['website']);
    // A real word that merely resembles a vocabulary word is left alone.
    expect(n.normalise('rendang').tokens).toEqual(['rendang']);
  });

  it('drops stop words and stems content words', () => {
    const r = n.normalise('Bagaimana cara mengunggah berkasnya ya kak?');
    expect(r.stems).toEqual(['bagaimana', 'cara', 'unggah', 'berkas']);
  });

  it('corrects short words only when one neighbour keeps the first letter', () => {
    n.learnVocabulary('status pbg bangunan');
    expect(n.normalise('pgb').tokens).toEqual(['pbg']);
    // Two equally near vocabulary words: no guess.
    n.learnVocabulary('tap tas');
    expect(n.normalise('tav').tokens).toEqual(['tav']);
  });

  it('keeps English words as written in an English message', () => {
    n.learnEnglish('How long does it take to get the permit');
    expect(n.normalise('how long does it take', true).tokens).toEqual(['how', 'long', 'does', 'it', 'take']);
  });

  it('reads two-word regional phrases as one ("kulo nuwun" greets, it does not thank)', () => {
    expect(n.normalise('kulo nuwun mas').tokens).toEqual(['permisi', 'mas']);
    expect(n.normalise('matur nuwun').tokens).toEqual(['terima', 'kasih']);
  });
});

describe('DeletionIndex', () => {
  it('finds every word within the distance, transpositions counting once', () => {
    const idx = new DeletionIndex(2);
    for (const w of ['reklame', 'retribusi', 'rekam', 'izin']) idx.add(w);
    expect(
      idx
        .lookup('reklam', 1)
        .map((x) => x.word)
        .sort(),
    ).toEqual(['rekam', 'reklame']);
    expect(idx.lookup('retribsui', 2).map((x) => x.word)).toEqual(['retribusi']);
    expect(idx.lookup('zzz', 2)).toEqual([]);
  });
});

describe('DeletionIndex restored from its flat form', () => {
  const words = ['reklame', 'retribusi', 'rekam', 'izin', 'rekomendasi', 'reklamasi'];
  const queries = ['reklam', 'retribsui', 'rekma', 'izn', 'rekomendas', 'zzz'];

  it('returns the same candidates in the same order (the corrector breaks ties by that order)', () => {
    const idx = new DeletionIndex(2);
    for (const w of words) idx.add(w);
    const restored = DeletionIndex.fromData(idx.toData());
    for (const q of queries) for (const max of [1, 2]) expect(restored.lookup(q, max)).toEqual(idx.lookup(q, max));
  });

  it('takes new words after a restore', () => {
    const idx = new DeletionIndex(2);
    for (const w of words.slice(0, 3)) idx.add(w);
    const restored = DeletionIndex.fromData(idx.toData());
    restored.add('persetujuan');
    expect(restored.lookup('persetujaun', 2).map((x) => x.word)).toEqual(['persetujuan']);
    expect(restored.lookup('reklam', 1).map((x) => x.word)).toEqual(['reklame', 'rekam']);
  });
});
