import { loadHolidays, WorkingCalendar } from '../../../src/common/calendar/working-calendar';
import { projectPath } from '../../../src/common/paths';
import { officeStatus } from '../../../channels/webchat/office-status';

// The shipped calendar (SKB 3 Menteri), office hours as deployed by default.
const cal = new WorkingCalendar({
  timeZone: 'Asia/Jakarta',
  officeDays: [1, 2, 3, 4, 5],
  hours: { openMin: 8 * 60, closeMin: 16 * 60 },
  holidays: loadHolidays(projectPath('resources', 'calendar', 'holidays-id.json')),
});
/** A fixed clock: 'YYYY-MM-DD HH:mm' in WIB. */
const wib = (s: string) => new Date(`${s.replace(' ', 'T')}:00+07:00`);

describe("the widget header's office status", () => {
  it('promises a quick answer only inside office hours on a working day', () => {
    expect(officeStatus(cal, wib('2026-12-01 10:00'))).toEqual({ open: true, nextOpen: null, label: 'Biasanya dibalas dalam beberapa menit' });
    expect(officeStatus(cal, wib('2026-12-01 15:59')).open).toBe(true);
  });

  it('names the next working morning after closing time', () => {
    expect(officeStatus(cal, wib('2026-12-01 16:00'))).toEqual({
      open: false,
      nextOpen: wib('2026-12-02 08:00').toISOString(),
      label: 'Kantor buka lagi Rabu 08.00',
    });
  });

  it('says "today" before opening time on a working day', () => {
    expect(officeStatus(cal, wib('2026-12-02 06:45')).label).toBe('Kantor buka hari ini pukul 08.00');
  });

  it('skips the weekend: Friday evening opens again on Monday', () => {
    expect(officeStatus(cal, wib('2026-12-04 19:30')).label).toBe('Kantor buka lagi Senin 08.00');
    expect(officeStatus(cal, wib('2026-12-06 11:00')).label).toBe('Kantor buka lagi Senin 08.00');
  });

  it('follows the holiday calendar: cuti bersama and Christmas are closed, Monday opens', () => {
    // Thu 24 Dec 2026 cuti bersama, Fri 25 Dec Natal.
    expect(officeStatus(cal, wib('2026-12-24 10:00'))).toEqual({
      open: false,
      nextOpen: wib('2026-12-28 08:00').toISOString(),
      label: 'Kantor buka lagi Senin 08.00',
    });
    expect(officeStatus(cal, wib('2026-12-23 16:30')).label).toBe('Kantor buka lagi Senin 08.00');
  });

  it('gives the date when the next opening is a week or more away', () => {
    const longBreak = new WorkingCalendar({
      ...cal.options,
      holidays: [
        ...cal.options.holidays,
        ...['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31'].map((date) => ({ date, kind: 'libur' as const, name: 'Libur' })),
      ],
    });
    // Fri 1 Jan 2027 is Tahun Baru in the shipped file or not: either way the next opening is over a week after 23 Dec.
    const s = officeStatus(longBreak, wib('2026-12-23 17:00'));
    expect(s.open).toBe(false);
    expect(s.label).toMatch(/^Kantor buka lagi \w+, \d{1,2} (Desember|Januari) 08\.00$/);
  });
});
