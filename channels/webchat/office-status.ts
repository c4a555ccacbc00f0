import { formatLocalDate, formatMinutes, WorkingCalendar } from '../../src/common/calendar/working-calendar';

export interface OfficeStatus {
  open: boolean;
  /** When officers answer again (ISO), null while open. */
  nextOpen: string | null;
  /** What the widget's header says. */
  label: string;
}

/**
 * The widget header's promise, from the same calendar the bot's hand-off
 * wording uses (office hours, office days, holidays and cuti bersama):
 * "answered in minutes" only while officers are at work.
 */
export function officeStatus(cal: WorkingCalendar, now: Date): OfficeStatus {
  const next = cal.nextAvailability(now);
  if (next.openNow) return { open: true, nextOpen: null, label: 'Biasanya dibalas dalam beberapa menit' };
  const at = cal.local(next.at);
  const time = formatMinutes(at.minutes);
  const today = cal.local(now).date;
  // A week or more away (a long holiday): the weekday alone would be ambiguous.
  const days = (Date.parse(at.date) - Date.parse(today)) / 86_400_000;
  const day = days >= 7 ? formatLocalDate(at.date).replace(/ \d{4}$/, '') : formatLocalDate(at.date).split(',')[0];
  const label = at.date === today ? `Kantor buka hari ini pukul ${time}` : `Kantor buka lagi ${day} ${time}`;
  return { open: false, nextOpen: next.at.toISOString(), label };
}
