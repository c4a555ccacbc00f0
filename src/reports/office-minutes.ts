import type { WorkingCalendar } from '../common/calendar/working-calendar';

/**
 * Minutes between two instants, counting only office hours on working days
 * (the calendar's hours, days and holidays) when `workingHours` is true: the
 * same rule the SLA clocks use to set their due dates. Working days are
 * looked up once per date, so a report over thousands of rows stays cheap.
 */
export class OfficeMinutes {
  private readonly dayCache = new Map<string, boolean>();
  private readonly offsetMs: number;

  constructor(
    private readonly cal: WorkingCalendar,
    private readonly workingHours: boolean,
    /** Any instant of the period: the zone's offset is taken there (the office's zones keep no DST). */
    at: Date,
  ) {
    const l = cal.local(at);
    const [y, m, d] = l.date.split('-').map(Number);
    const wall = Date.UTC(y, m - 1, d) + l.minutes * 60_000;
    this.offsetMs = Math.round((wall - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000) * 60_000;
  }

  /** Minutes from a to b (Dates or epoch milliseconds). */
  between(a: Date | number, b: Date | number): number {
    const ta = typeof a === 'number' ? a : a.getTime();
    const tb = typeof b === 'number' ? b : b.getTime();
    const ms = tb - ta;
    if (ms <= 0) return 0;
    if (!this.workingHours) return ms / 60_000;
    const { openMin, closeMin } = this.cal.options.hours;
    const la = ta + this.offsetMs;
    const lb = tb + this.offsetMs;
    const dayMs = 86_400_000;
    let total = 0;
    for (let day = Math.floor(la / dayMs); day * dayMs < lb; day++) {
      if (!this.isWorkingDay(day)) continue;
      const open = day * dayMs + openMin * 60_000;
      const close = day * dayMs + closeMin * 60_000;
      const s = Math.max(open, la);
      const e = Math.min(close, lb);
      if (e > s) total += e - s;
    }
    return total / 60_000;
  }

  /** The local date (YYYY-MM-DD) of an instant. */
  localDate(at: Date): string {
    return new Date(at.getTime() + this.offsetMs).toISOString().slice(0, 10);
  }

  /** Offset of the office's zone from UTC, in minutes (for grouping by local day in SQL). */
  get offsetMinutes(): number {
    return this.offsetMs / 60_000;
  }

  private isWorkingDay(day: number): boolean {
    const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
    let v = this.dayCache.get(date);
    if (v === undefined) {
      v = this.cal.isWorkingDay(date);
      this.dayCache.set(date, v);
    }
    return v;
  }
}

/** The p-th percentile (0..1) by linear interpolation, or null for no values. */
export function percentile(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  const i = (sorted.length - 1) * p;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
}
