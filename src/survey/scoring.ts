import { UNSUR_CODES, type UnsurCode } from './unsur';

/**
 * Scoring of the Survei Kepuasan Masyarakat as Permenpan RB No. 14 Tahun 2017
 * prescribes it:
 *   NRR per unsur      = sum of the element's answers / number of answers
 *   NRR tertimbang     = NRR × 1/9   (the weight is exactly 1/9: the regulation
 *                        prints it rounded as 0,111, which would put a perfect
 *                        survey at 99.9 instead of 100)
 *   IKM                = Σ NRR tertimbang × 25   (converts the 1–4 scale to 25–100)
 *   mutu               = A 88.31–100, B 76.61–88.30, C 65.00–76.60, D 25.00–64.99
 * The mutu is read from the IKM rounded to two decimals, as it is reported.
 */
export const UNSUR_WEIGHT = 1 / 9;
export const CONVERSION_FACTOR = 25;

export type Mutu = 'A' | 'B' | 'C' | 'D';

/** The answers of one element over the respondents: their sum and how many there are. */
export interface UnsurTally {
  sum: number;
  count: number;
}

export function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  // Nudged by EPSILON so 88.305 rounds up as the regulation's tables do, not down through binary representation.
  return Math.round((x + Number.EPSILON * Math.abs(x)) * f) / f;
}

export function nrr(t: UnsurTally): number | null {
  return t.count > 0 ? t.sum / t.count : null;
}

/** The IKM from the nine elements' tallies, unrounded; null when an element has no answer (the regulation's sum needs all nine). */
export function ikmOf(tallies: Record<UnsurCode, UnsurTally>): number | null {
  let total = 0;
  for (const code of UNSUR_CODES) {
    const v = nrr(tallies[code]);
    if (v === null) return null;
    total += v * UNSUR_WEIGHT;
  }
  return total * CONVERSION_FACTOR;
}

export function mutuOf(ikm: number | null): Mutu | null {
  if (ikm === null) return null;
  const x = round(ikm, 2);
  if (x >= 88.31) return 'A';
  if (x >= 76.61) return 'B';
  if (x >= 65) return 'C';
  return 'D';
}

/**
 * Krejcie and Morgan's (1970) Table 1, the sample table the regulation's
 * method refers to: [population N, sample S]. Every entry is their formula
 * s = χ²·N·P(1−P) / (d²·(N−1) + χ²·P(1−P)) (χ² = 3.841, P = 0.5, d = 0.05)
 * rounded, except N = 100 000, printed as 384 (the formula gives 382.6):
 * the table is what offices use, so it is kept as printed.
 */
export const KREJCIE_MORGAN_TABLE: readonly (readonly [number, number])[] = (
  '10 10,15 14,20 19,25 24,30 28,35 32,40 36,45 40,50 44,55 48,60 52,65 56,70 59,75 63,80 66,85 70,90 73,95 76,100 80,' +
  '110 86,120 92,130 97,140 103,150 108,160 113,170 118,180 123,190 127,200 132,210 136,220 140,230 144,240 148,250 152,' +
  '260 155,270 159,280 162,290 165,300 169,320 175,340 181,360 186,380 191,400 196,420 201,440 205,460 210,480 214,500 217,' +
  '550 226,600 234,650 242,700 248,750 254,800 260,850 265,900 269,950 274,1000 278,1100 285,1200 291,1300 297,1400 302,' +
  '1500 306,1600 310,1700 313,1800 317,1900 320,2000 322,2200 327,2400 331,2600 335,2800 338,3000 341,3500 346,4000 351,' +
  '4500 354,5000 357,6000 361,7000 364,8000 367,9000 368,10000 370,15000 375,20000 377,30000 379,40000 380,50000 381,' +
  '75000 382,100000 384,1000000 384'
)
  .split(',')
  .map((pair) => pair.split(' ').map(Number) as [number, number]);

/** Krejcie and Morgan's formula itself (unrounded), for populations the table does not list. */
export function krejcieMorganFormula(population: number): number {
  const chi2 = 3.841;
  const p = 0.5;
  const d = 0.05;
  return (chi2 * population * p * (1 - p)) / (d * d * (population - 1) + chi2 * p * (1 - p));
}

/**
 * The sample the regulation's method asks for a population: the table's
 * entry for it, or for the next larger population the table lists (never
 * fewer respondents than the method asks), at most the population itself;
 * 384 beyond the table.
 */
export function krejcieMorgan(population: number): number {
  if (!Number.isFinite(population) || population <= 0) return 0;
  const n = Math.floor(population);
  const row = KREJCIE_MORGAN_TABLE.find(([tn]) => tn >= n);
  return Math.min(n, row ? row[1] : 384);
}
