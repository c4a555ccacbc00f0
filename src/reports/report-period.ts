import { BadRequestException } from '@nestjs/common';
import { shiftDate, type WorkingCalendar } from '../common/calendar/working-calendar';
import { OfficeMinutes } from './office-minutes';
import type { ReportRange } from './reports.repository';

const MAX_DAYS = 400;

/** A report's period: office-local dates (both days included) as instants, default the last 30 days. */
export function reportPeriod(
  cal: WorkingCalendar,
  q: { from?: string; to?: string },
  now: Date,
): { from: string; to: string; range: Pick<ReportRange, 'from' | 'to' | 'offsetMinutes'> } {
  const to = q.to ?? cal.local(now).date;
  const from = q.from ?? shiftDate(to, -29);
  const fromAt = cal.atLocal(from, 0);
  const toAt = cal.atLocal(shiftDate(to, 1), 0);
  if ((toAt.getTime() - fromAt.getTime()) / 86_400_000 > MAX_DAYS)
    throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `Periode laporan paling lama ${MAX_DAYS} hari` });
  return { from, to, range: { from: fromAt, to: toAt, offsetMinutes: new OfficeMinutes(cal, false, fromAt).offsetMinutes } };
}
