import { ikmOf, KREJCIE_MORGAN_TABLE, krejcieMorgan, krejcieMorganFormula, mutuOf, UNSUR_WEIGHT } from '../../../src/survey/scoring';
import { report } from '../../../src/survey/ikm.service';
import { UNSUR_CODES, unsurTexts } from '../../../src/survey/unsur';

const tallies = (values: number[][]) =>
  Object.fromEntries(
    UNSUR_CODES.map((c, i) => {
      const given = values.map((r) => r[i]).filter((v) => v > 0);
      return [c, { sum: given.reduce((s, v) => s + v, 0), count: given.length }];
    }),
  ) as Parameters<typeof ikmOf>[0];

describe('IKM scoring (Permenpan RB 14/2017)', () => {
  it('weights each element by exactly 1/9: all answers 4 is 100.00 and all 1 is 25.00', () => {
    expect(UNSUR_WEIGHT).toBe(1 / 9);
    expect(ikmOf(tallies([Array(9).fill(4)]))).toBeCloseTo(100, 10);
    expect(ikmOf(tallies([Array(9).fill(1)]))).toBeCloseTo(25, 10);
    // The regulation's rounded 0.111 would give 99.9 for a perfect survey.
    expect(4 * 9 * 0.111 * 25).toBeCloseTo(99.9, 10);
  });

  it('reads mutu from the IKM at two decimals, at the regulation’s boundaries', () => {
    expect(mutuOf(100)).toBe('A');
    expect(mutuOf(88.31)).toBe('A');
    expect(mutuOf(88.305)).toBe('A');
    expect(mutuOf(88.3)).toBe('B');
    expect(mutuOf(76.61)).toBe('B');
    expect(mutuOf(76.6)).toBe('C');
    expect(mutuOf(65)).toBe('C');
    expect(mutuOf(64.99)).toBe('D');
    expect(mutuOf(25)).toBe('D');
    expect(mutuOf(null)).toBeNull();
  });

  it('reports the contract: null IKM and mutu with no respondents, NRR per element otherwise', () => {
    expect(report(undefined)).toEqual({
      respondents: 0,
      ikm: null,
      mutu: null,
      unsur: unsurTexts('id').map((u) => ({ code: u.code, name: u.name, nrr: null })),
    });
    const r = report({
      key: null,
      respondents: 2,
      unsur: tallies([
        [4, 4, 4, 4, 4, 4, 4, 4, 4],
        [3, 2, 3, 2, 3, 2, 3, 2, 3],
      ]),
    });
    expect(r.unsur.map((u) => u.nrr)).toEqual([3.5, 3, 3.5, 3, 3.5, 3, 3.5, 3, 3.5]);
    // Σ NRR = 29.5; × 1/9 × 25 = 81.944… → 81.94, B.
    expect(r.ikm).toBe(81.94);
    expect(r.mutu).toBe('B');
  });

  it('gives Krejcie and Morgan’s published sample sizes, the next larger entry between them, and never more than the population', () => {
    const published: [number, number][] = [
      [10, 10],
      [15, 14],
      [50, 44],
      [100, 80],
      [200, 132],
      [500, 217],
      [1000, 278],
      [5000, 357],
      [10_000, 370],
      [100_000, 384],
      [1_000_000, 384],
    ];
    for (const [n, s] of published) expect(krejcieMorgan(n)).toBe(s);
    expect(krejcieMorgan(101)).toBe(86);
    expect(krejcieMorgan(3)).toBe(3);
    expect(krejcieMorgan(0)).toBe(0);
    expect(krejcieMorgan(5_000_000)).toBe(384);
    // The table is the formula rounded, but for its 100 000 row.
    for (const [n, s] of KREJCIE_MORGAN_TABLE) if (n !== 100_000) expect(Math.round(krejcieMorganFormula(n))).toBe(s);
  });
});
