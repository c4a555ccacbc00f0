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
});
