import type { WorkingCalendar } from '../common/calendar/working-calendar';

/**
 * The moment `minutes` of office time after `start`: evenings, weekends,
 * holidays and cuti bersama do not count. A target of 60 minutes set at
 * 15:30 on a Friday falls due at 08:30 on Monday (office 08:00-16:00).
 */
export function addWorkingMinutes(cal: WorkingCalendar, start: Date, minutes: number): Date {
  const { openMin, closeMin } = cal.options.hours;
  let remaining = Math.round(minutes * 60_000);
  let t = start.getTime();
  for (let guard = 0; guard < 5000; guard++) {
    const l = cal.local(new Date(t));
    if (!cal.isWorkingDay(l.date) || l.minutes >= closeMin) {
      t = cal.nextWorkingMorning(new Date(t)).getTime();
      continue;
    }
    if (l.minutes < openMin) {
      t = cal.atLocal(l.date, openMin).getTime();
      continue;
    }
    const close = cal.atLocal(l.date, closeMin).getTime();
    if (remaining <= close - t) return new Date(t + remaining);
    remaining -= close - t;
    t = cal.nextWorkingMorning(new Date(close)).getTime();
  }
  return new Date(t + remaining);
}

/** A target in minutes: office time when the policy counts working hours, otherwise wall-clock. */
export function dueAfter(cal: WorkingCalendar, start: Date, minutes: number, workingHours: boolean): Date {
  return workingHours ? addWorkingMinutes(cal, start, minutes) : new Date(start.getTime() + Math.round(minutes * 60_000));
}
