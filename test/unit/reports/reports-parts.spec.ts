import { WorkingCalendar } from '../../../src/common/calendar/working-calendar';
import { toCsv } from '../../../src/reports/csv';
import { gapSignature, isGap, jaccard } from '../../../src/reports/knowledge-gaps.service';
import { maskExample } from '../../../src/reports/masking';
import { OfficeMinutes, percentile } from '../../../src/reports/office-minutes';
import { addWorkingMinutes } from '../../../src/routing/working-time';

const cal = new WorkingCalendar({
  timeZone: 'Asia/Jakarta',
  hours: { openMin: 8 * 60, closeMin: 16 * 60 },
  officeDays: [1, 2, 3, 4, 5],
  holidays: [{ date: '2025-08-18', kind: 'cuti_bersama', name: 'Cuti bersama' }],
});
const at = (s: string) => new Date(`${s}+07:00`);

describe('knowledge-gap examples are masked', () => {
  it.each([
    ['nik saya 3603123456789012 mau tanya', '3603'],
    ['hubungi 0812-3456-7890 ya', '0812'],
    ['status PBG/2025/10/00456 gimana', '00456'],
    ['nama saya Budi Santoso mau tanya jadwal', 'Budi'],
    ['saya bernama siti aminah dari cikupa', 'siti'],
    ['email budi.s@example.com', 'example.com'],
    ['my name is John Smith and I want a permit', 'John'],
  ])('%s', (text, secret) => {
    const masked = maskExample(text);
    expect(masked).not.toContain(secret);
    expect(masked.length).toBeGreaterThan(5);
  });

  it('keeps the question around the name', () => {
    expect(maskExample('nama saya Budi Santoso mau tanya jadwal')).toBe('nama saya [nama] mau tanya jadwal');
  });
});

describe('knowledge-gap grouping', () => {
  it('gives the same words to the same question written differently, personal data aside', () => {
    const a = gapSignature('kapan jadwal kereta cepat ke bandung, nama saya Budi Santoso');
    const b = gapSignature('jadwal kereta cepat ke bandung kapan ya? hp saya 081234567890');
    expect(a).toEqual(b);
    expect(a).not.toContain('budi');
    expect(jaccard(a, gapSignature('berapa biaya reklame di tangerang'))).toBeLessThan(0.6);
  });

  it('counts clarifications, fallbacks, out-of-scope and hand-offs for not understanding; not answers or requested hand-offs', () => {
    expect(isGap({ outcome: 'clarify' })).toBe(true);
    expect(isGap({ outcome: 'fallback' })).toBe(true);
    expect(isGap({ outcome: 'out_of_scope' })).toBe(true);
    expect(isGap({ outcome: 'handoff', handoffReason: 'misunderstood' })).toBe(true);
    expect(isGap({ outcome: 'handoff', handoffReason: 'request' })).toBe(false);
    expect(isGap({ outcome: 'answer' })).toBe(false);
  });
});

describe('office minutes', () => {
  const om = new OfficeMinutes(cal, true, at('2025-08-15T10:00:00'));
  it('count only office hours on working days, as the SLA clocks do', () => {
    // Friday 15:30 → Monday 18 Aug is cuti bersama → Tuesday 08:30: 30 + 30 minutes.
    expect(om.between(at('2025-08-15T15:30:00'), at('2025-08-19T08:30:00'))).toBe(60);
    const start = at('2025-08-14T14:10:00');
    expect(om.between(start, addWorkingMinutes(cal, start, 500))).toBeCloseTo(500, 5);
    expect(om.between(at('2025-08-16T09:00:00'), at('2025-08-16T12:00:00'))).toBe(0);
  });
  it('are wall-clock when the SLA does not count office hours', () => {
    expect(new OfficeMinutes(cal, false, at('2025-08-15T10:00:00')).between(at('2025-08-16T09:00:00'), at('2025-08-16T12:00:00'))).toBe(180);
  });
  it('know the local day and the offset', () => {
    expect(om.offsetMinutes).toBe(420);
    expect(om.localDate(new Date('2025-08-15T18:00:00Z'))).toBe('2025-08-16');
  });
  it('percentiles interpolate', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1);
  });
});

describe('CSV', () => {
  it('quotes separators and defuses formulas', () => {
    expect(toCsv([{ a: 'x,y', b: '=1+1', c: ['p', 'q'], d: null, e: -3 }])).toBe('a,b,c,d,e\r\n"x,y",\'=1+1,"p; q",,-3\r\n');
  });
});
