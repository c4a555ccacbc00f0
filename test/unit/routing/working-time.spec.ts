import { WorkingCalendar } from '../../../src/common/calendar/working-calendar';
import { addWorkingMinutes, dueAfter } from '../../../src/routing/working-time';

const cal = new WorkingCalendar({
  timeZone: 'Asia/Jakarta',
  officeDays: [1, 2, 3, 4, 5],
  hours: { openMin: 8 * 60, closeMin: 16 * 60 },
  holidays: [{ date: '2025-12-25', kind: 'libur', name: 'Hari Raya Natal' }],
});
// 'YYYY-MM-DD HH:mm' in WIB (UTC+7).
const wib = (s: string) => new Date(`${s.replace(' ', 'T')}:00+07:00`);

describe('addWorkingMinutes', () => {
  it('counts within the same office day', () => {
    expect(addWorkingMinutes(cal, wib('2025-12-01 09:00'), 60)).toEqual(wib('2025-12-01 10:00'));
  });
  it('continues the next working morning after closing time', () => {
    expect(addWorkingMinutes(cal, wib('2025-12-01 15:30'), 60)).toEqual(wib('2025-12-02 08:30'));
  });
  it('skips weekends', () => {
    expect(addWorkingMinutes(cal, wib('2025-12-05 15:30'), 60)).toEqual(wib('2025-12-08 08:30'));
  });
  it('skips holidays and starts at opening when handed off at night', () => {
    expect(addWorkingMinutes(cal, wib('2025-12-24 20:00'), 30)).toEqual(wib('2025-12-26 08:30'));
  });
  it('spans several days for long targets (3 days of 8 hours)', () => {
    expect(addWorkingMinutes(cal, wib('2025-12-01 08:00'), 3 * 8 * 60)).toEqual(wib('2025-12-03 16:00'));
  });
  it('uses wall-clock minutes when the policy says so', () => {
    expect(dueAfter(cal, wib('2025-12-06 22:00'), 0.05, false)).toEqual(new Date(wib('2025-12-06 22:00').getTime() + 3000));
  });
});
