import { DEFAULT_GLOSS_FILE, indonesianRootWords, loadSlangLexicon } from '../../../src/bot/nlu/lexicon-files';
import { Normaliser } from '../../../src/bot/nlu/normaliser';
import { stem } from '../../../src/bot/nlu/stemmer';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const sastrawi = require('natural/lib/natural/stemmers/indonesian/stemmer_id') as { stem(word: string): string };

describe('English glosses', () => {
  const n = new Normaliser({ gloss: loadSlangLexicon(DEFAULT_GLOSS_FILE) });
  n.learnVocabulary('perpanjang izin usaha; izin sudah habis masa berlaku');

  it('an English message keeps its words and gains their Indonesian glosses', () => {
    expect(n.normalise('renew my permit', true).tokens).toEqual(['renew', 'perpanjang', 'my', 'permit', 'izin']);
  });

  it('an unknown English word in an Indonesian message is replaced by its gloss, a known word is not', () => {
    expect(n.normalise('izin saya rejected').tokens).toEqual(['izin', 'saya', 'ditolak']);
    expect(n.normalise('izin usaha').tokens).toEqual(['izin', 'usaha']);
  });
});

describe('stemmer quick reject', () => {
  it('stems exactly as Sastrawi on derived forms of roots, and leaves made-up words alone', () => {
    const roots = [...indonesianRootWords()];
    const prefixes = ['me', 'mem', 'men', 'meng', 'meny', 'di', 'ke', 'ber', 'pe', 'per', 'pen', 'peng', 'ter', 'memper', 'diper', 'ku'];
    const suffixes = ['', 'kan', 'an', 'i', 'nya', 'lah', 'kannya'];
    for (let k = 0; k < 800; k++) {
      const root = roots[(k * 7919) % roots.length];
      if (!/^[a-z]+$/.test(root)) continue;
      const body = /^[ptsk]/.test(root) && k % 2 ? root.slice(1) : root;
      const word = prefixes[k % prefixes.length] + body + suffixes[(k * 31) % suffixes.length];
      const expected = sastrawi.stem(word);
      if (expected !== word) expect(stem(word)).toBe(expected);
    }
    expect(stem('zqxwvbnm')).toBe('zqxwvbnm');
    // Infixes count too: l-em-ot.
    expect(stem('lemot')).toBe(sastrawi.stem('lemot'));
  });
});
