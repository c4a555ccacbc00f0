import { readFileSync } from 'node:fs';

/** A local calendar date, `YYYY-MM-DD`. */
export type LocalDate = string;

export interface Holiday {
  date: LocalDate;
  kind: 'libur' | 'cuti_bersama';
  name: string;
}

export interface OfficeHours {
  /** Minutes after local midnight. */
  openMin: number;
  closeMin: number;
}

export interface CalendarOptions {
  timeZone: string;
  /** ISO weekdays the office works: 1 = Monday … 7 = Sunday. */
  officeDays: number[];
  hours: OfficeHours;
  holidays: Holiday[];
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Reads resources/calendar/holidays-id.json (or another file of the same shape). */
export function loadHolidays(file: string): Holiday[] {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: cannot read holiday calendar: ${(err as Error).message}`, { cause: err });
  }
  const list = (doc as { holidays?: unknown }).holidays;
  if (!Array.isArray(list)) throw new Error(`${file}: missing 'holidays' list`);
  return list.map((h, i) => {
    const o = h as Partial<Holiday>;
    if (typeof o.date !== 'string' || !DATE_RE.test(o.date)) throw new Error(`${file}: holidays[${i}] has no valid date (YYYY-MM-DD)`);
    if (o.kind !== 'libur' && o.kind !== 'cuti_bersama') throw new Error(`${file}: holidays[${i}] kind must be 'libur' or 'cuti_bersama'`);
    return { date: o.date, kind: o.kind, name: String(o.name ?? '') };
  });
}

/** "08:00-16:00" → minutes; throws on anything else. */
export function parseOfficeHours(text: string): OfficeHours {
  const m = /^\s*(\d{1,2})[:.](\d{2})\s*-\s*(\d{1,2})[:.](\d{2})\s*$/.exec(text);
  if (!m) throw new Error(`office hours must look like 08:00-16:00, got "${text}"`);
  const openMin = Number(m[1]) * 60 + Number(m[2]);
  const closeMin = Number(m[3]) * 60 + Number(m[4]);
  if (Number(m[2]) > 59 || Number(m[4]) > 59 || closeMin > 24 * 60 || openMin >= closeMin) throw new Error(`office hours "${text}" are not a valid range`);
  return { openMin, closeMin };
}

/** "1-5" or "1,2,3,4,5" or "1-5,6" (ISO weekdays, 1 = Monday). */
export function parseOfficeDays(text: string): number[] {
  const days = new Set<number>();
  for (const part of text.split(',').map((p) => p.trim())) {
    const m = /^([1-7])(?:-([1-7]))?$/.exec(part);
    if (!m) throw new Error(`office days must be ISO weekday numbers like 1-5 or 1,2,3,4,5,6, got "${text}"`);
    const from = Number(m[1]);
    const to = Number(m[2] ?? m[1]);
    if (to < from) throw new Error(`office days range "${part}" is reversed`);
    for (let d = from; d <= to; d++) days.add(d);
  }
  return [...days].sort();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Date arithmetic on calendar dates, independent of any time zone. */
export function shiftDate(date: LocalDate, days: number): LocalDate {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  const [y, m, d] = date.split('-').map(Number);
  const w = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return w === 0 ? 7 : w;
}

/**
 * Working days of the office: weekends, national holidays and cuti bersama
 * are not counted. Every "working days" figure the bot shows comes from here.
 * Times are interpreted in the office's time zone (Asia/Jakarta by default).
 */
export class WorkingCalendar {
  private readonly holidays = new Map<LocalDate, Holiday>();
  private readonly years = new Set<number>();
  private readonly days: Set<number>;
  private readonly fmt: Intl.DateTimeFormat;

  constructor(readonly options: CalendarOptions) {
    for (const h of options.holidays) {
      this.holidays.set(h.date, h);
      this.years.add(Number(h.date.slice(0, 4)));
    }
    this.days = new Set(options.officeDays);
    this.fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: options.timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  }

  get timeZone(): string {
    return this.options.timeZone;
  }

  /** True when the holiday file has data for that year (figures beyond it ignore holidays). */
  coversYear(year: number): boolean {
    return this.years.has(year);
  }

  /** Local date and minutes-after-midnight of an instant in the office's zone. */
  local(at: Date): { date: LocalDate; minutes: number } {
    const p: Record<string, string> = {};
    for (const part of this.fmt.formatToParts(at)) p[part.type] = part.value;
    return { date: `${p.year}-${p.month}-${p.day}`, minutes: Number(p.hour) * 60 + Number(p.minute) };
  }

  toLocalDate(at: Date | LocalDate): LocalDate {
    return typeof at === 'string' ? at : this.local(at).date;
  }

  /** The instant of a local wall-clock time in the office's zone. */
  atLocal(date: LocalDate, minutes: number): Date {
    const [y, m, d] = date.split('-').map(Number);
    const wall = Date.UTC(y, m - 1, d, Math.floor(minutes / 60), minutes % 60);
    // Offset of the zone at (approximately) that instant; twice for DST edges.
    let guess = wall;
    for (let i = 0; i < 2; i++) {
      const l = this.local(new Date(guess));
      const [ly, lm, ld] = l.date.split('-').map(Number);
      const seenWall = Date.UTC(ly, lm - 1, ld, Math.floor(l.minutes / 60), l.minutes % 60);
      guess += wall - seenWall;
    }
    return new Date(guess);
  }

  holidayOn(date: Date | LocalDate): Holiday | undefined {
    return this.holidays.get(this.toLocalDate(date));
  }

  isWorkingDay(date: Date | LocalDate): boolean {
    const d = this.toLocalDate(date);
    return this.days.has(isoWeekday(d)) && !this.holidays.has(d);
  }

  /**
   * The date `n` working days after `from` (the day itself is not counted):
   * an application submitted on a Monday with a 5-day standard is due the
   * next Monday when no holiday falls between.
   */
  addWorkingDays(from: Date | LocalDate, n: number): LocalDate {
    let d = this.toLocalDate(from);
    if (n <= 0) return d;
    let left = n;
    for (let guard = 0; left > 0 && guard < 3660; guard++) {
      d = shiftDate(d, 1);
      if (this.isWorkingDay(d)) left--;
    }
    return d;
  }

  /** Working days after `from` up to and including `to` (0 when `to` is not later). */
  workingDaysBetween(from: Date | LocalDate, to: Date | LocalDate): number {
    let d = this.toLocalDate(from);
    const end = this.toLocalDate(to);
    let n = 0;
    for (let guard = 0; d < end && guard < 3660; guard++) {
      d = shiftDate(d, 1);
      if (this.isWorkingDay(d)) n++;
    }
    return n;
  }

  /** Inside office hours on a working day. */
  isOpen(at: Date): boolean {
    const l = this.local(at);
    return this.isWorkingDay(l.date) && l.minutes >= this.options.hours.openMin && l.minutes < this.options.hours.closeMin;
  }

  /**
   * The next time the office opens after `at`: today's opening when it is a
   * working day before opening time, otherwise the next working morning.
   */
  nextWorkingMorning(at: Date): Date {
    const l = this.local(at);
    let d = l.date;
    if (!(this.isWorkingDay(d) && l.minutes < this.options.hours.openMin)) {
      d = shiftDate(d, 1);
      for (let guard = 0; !this.isWorkingDay(d) && guard < 366; guard++) d = shiftDate(d, 1);
    }
    return this.atLocal(d, this.options.hours.openMin);
  }

  /** When a person can answer: now if open, else the next working morning. */
  nextAvailability(at: Date): { openNow: boolean; at: Date } {
    return this.isOpen(at) ? { openNow: true, at } : { openNow: false, at: this.nextWorkingMorning(at) };
  }
}

const ID_DAYS = ['', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu', 'Minggu'];
const EN_DAYS = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const ID_MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "Senin, 13 Oktober 2025" / "Monday, 13 October 2025". */
export function formatLocalDate(date: LocalDate, lang: 'id' | 'en' = 'id'): string {
  const [y, m, d] = date.split('-').map(Number);
  const day = (lang === 'en' ? EN_DAYS : ID_DAYS)[isoWeekday(date)];
  const month = (lang === 'en' ? EN_MONTHS : ID_MONTHS)[m - 1];
  return `${day}, ${d} ${month} ${y}`;
}

/** "08.00" (Indonesian style) or "08:00". */
export function formatMinutes(minutes: number, lang: 'id' | 'en' = 'id'): string {
  return `${pad(Math.floor(minutes / 60))}${lang === 'en' ? ':' : '.'}${pad(minutes % 60)}`;
}

/** Short zone name citizens know (WIB/WITA/WIT), else the IANA name. */
export function zoneLabel(timeZone: string): string {
  const known: Record<string, string> = {
    'Asia/Jakarta': 'WIB',
    'Asia/Pontianak': 'WIB',
    'Asia/Makassar': 'WITA',
    'Asia/Jayapura': 'WIT',
  };
  return known[timeZone] ?? timeZone;
}

/** "Senin–Jumat" from ISO weekdays when contiguous, else a list. */
export function formatOfficeDays(days: number[], lang: 'id' | 'en' = 'id'): string {
  const names = lang === 'en' ? EN_DAYS : ID_DAYS;
  const sorted = [...days].sort();
  const contiguous = sorted.every((d, i) => i === 0 || d === sorted[i - 1] + 1);
  if (contiguous && sorted.length > 2) return `${names[sorted[0]]}–${names[sorted[sorted.length - 1]]}`;
  return sorted.map((d) => names[d]).join(', ');
}
