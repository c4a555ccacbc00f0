import { formatLocalDate, loadHolidays, parseOfficeDays, parseOfficeHours, WorkingCalendar } from '../../../src/common/calendar/working-calendar';
import { projectPath } from '../../../src/common/paths';

const holidays = loadHolidays(projectPath('resources', 'calendar', 'holidays-id.json'));
const cal = new WorkingCalendar({ timeZone: 'Asia/Jakarta', officeDays: [1, 2, 3, 4, 5], hours: parseOfficeHours('08:00-16:00'), holidays });

describe('WorkingCalendar', () => {
  it('has the SKB 3 Menteri lists: 2025 (17 + 11 with 18 Aug) and 2026 (17 + 8)', () => {
    const count = (year: string, kind: string) => holidays.filter((h) => h.date.startsWith(year) && h.kind === kind).length;
    expect([count('2025', 'libur'), count('2025', 'cuti_bersama')]).toEqual([17, 11]);
    expect([count('2026', 'libur'), count('2026', 'cuti_bersama')]).toEqual([17, 8]);
    expect(cal.coversYear(2025) && cal.coversYear(2026)).toBe(true);
  });

  it('knows weekends, holidays and cuti bersama', () => {
    expect(cal.isWorkingDay('2025-08-18')).toBe(false); // cuti bersama HUT RI ke-80
    expect(cal.isWorkingDay('2025-08-19')).toBe(true);
    expect(cal.isWorkingDay('2025-10-11')).toBe(false); // Saturday
    expect(cal.isWorkingDay('2026-03-20')).toBe(false); // cuti bersama Idul Fitri
    expect(cal.holidayOn('2026-03-21')?.name).toMatch(/Idul Fitri/);
  });

  it('adds working days, skipping the whole Lebaran 2025 break', () => {
    expect(cal.addWorkingDays('2025-10-06', 5)).toBe('2025-10-13');
    expect(cal.addWorkingDays('2025-03-27', 1)).toBe('2025-04-08');
    expect(cal.addWorkingDays('2025-10-01', 10)).toBe('2025-10-15');
    expect(cal.workingDaysBetween('2025-03-27', '2025-04-08')).toBe(1);
  });

  it('interprets instants in Asia/Jakarta', () => {
    // 23:30 UTC on Sunday is 06:30 WIB on Monday.
    expect(cal.toLocalDate(new Date('2025-10-05T23:30:00Z'))).toBe('2025-10-06');
    expect(cal.isOpen(new Date('2025-10-06T02:00:00Z'))).toBe(true); // 09:00 WIB Monday
    expect(cal.isOpen(new Date('2025-10-06T09:30:00Z'))).toBe(false); // 16:30 WIB
    expect(cal.isOpen(new Date('2025-08-18T03:00:00Z'))).toBe(false); // cuti bersama
  });

  it('finds the next working morning', () => {
    // Before opening on a working day: the same morning.
    expect(cal.nextWorkingMorning(new Date('2025-10-06T23:30:00Z')).toISOString()).toBe('2025-10-07T01:00:00.000Z');
    // Christmas Eve 2025 evening: 25 Dec holiday, 26 Dec cuti bersama, weekend → Monday 29 Dec 08:00 WIB.
    expect(cal.nextWorkingMorning(new Date('2025-12-24T10:00:00Z')).toISOString()).toBe('2025-12-29T01:00:00.000Z');
    expect(cal.nextAvailability(new Date('2025-10-06T03:00:00Z')).openNow).toBe(true);
  });

  it('parses configuration and formats dates in Indonesian and English', () => {
    expect(parseOfficeDays('1-5')).toEqual([1, 2, 3, 4, 5]);
    expect(parseOfficeDays('1-5,6')).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => parseOfficeDays('mon-fri')).toThrow(/ISO weekday/);
    expect(() => parseOfficeHours('16:00-08:00')).toThrow(/not a valid range/);
    expect(formatLocalDate('2025-10-13')).toBe('Senin, 13 Oktober 2025');
    expect(formatLocalDate('2025-10-13', 'en')).toBe('Monday, 13 October 2025');
  });
});
