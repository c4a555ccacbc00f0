import { DEFAULT_GLOSS_FILE, indonesianRootWords, loadSlangLexicon } from '../../../src/bot/nlu/lexicon-files';
import { Normaliser } from '../../../src/bot/nlu/normaliser';
import { mayHaveRoot, stem } from '../../../src/bot/nlu/stemmer';

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

  // The prefix walk (sastrawiMayReach) must never reject a word that the first
  // check lets through and Sastrawi changes: stems stay what they were. (Words
  // the first check rejects, some with -is/-isme/-isasi, were never stemmed.)
  it('the prefix walk keeps every stem: a recoded nasal then a prefix, an infix after a prefix, foreign suffixes, typos', () => {
    const rootSet = indonesianRootWords();
    // Words the walk once missed (generated: affixed roots, some with a typo).
    const hard = ['penyelesaian', 'penyeletaian', 'ditemuhan', 'perminensiannya', 'penemerencikkanpun', 'menyinearkanlah', 'penemawankanpun', 'menyinauranlah'];
    const foreign = ['memoispun', 'tekois', 'diminisasinya', 'dikegamaiskah', 'mengetonisasikah', 'beengisku'];
    for (const word of [...hard, ...foreign]) {
      expect(mayHaveRoot(word, rootSet)).toBe(true);
      expect(stem(word)).toBe(sastrawi.stem(word));
    }
    const roots = [...rootSet].filter((r) => /^[a-z]+$/.test(r));
    const prefixes = ['penye', 'menye', 'dipe', 'diber', 'keber', 'sepen', 'pember', 'memper', 'dite', 'kau', 'bel', 'pel', 'te'];
    const suffixes = ['', 'isasi', 'isme', 'is', 'kanlah', 'annya', 'ipun'];
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    let changed = 0;
    for (let k = 0; k < 1500; k++) {
      const root = roots[(k * 104729) % roots.length];
      let word = prefixes[k % prefixes.length] + (k % 3 ? root : root.slice(1)) + suffixes[(k * 17) % suffixes.length];
      if (k % 4 === 0) {
        const p = (k * 13) % word.length;
        word = word.slice(0, p) + letters[k % 26] + word.slice(p + 1);
      }
      const expected = sastrawi.stem(word);
      if (expected === word || !mayHaveRoot(word, rootSet)) continue;
      changed++;
      expect(stem(word)).toBe(expected);
    }
    expect(changed).toBeGreaterThan(300);
  });
});
