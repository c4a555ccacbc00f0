import { Module } from '@nestjs/common';
import { HUB_CONFIG, ResolvedConfig } from '../../config/hub-config';
import { CALENDAR_CONFIG, CalendarConfig, parseCalendarConfig } from './calendar.config';
import { loadHolidays, WorkingCalendar } from './working-calendar';

/** The office's working-day calendar (TZ_OFFICE, OFFICE_HOURS, OFFICE_DAYS, HOLIDAYS_FILE). */
@Module({
  providers: [
    { provide: CALENDAR_CONFIG, useFactory: () => parseCalendarConfig(process.env) },
    {
      provide: WorkingCalendar,
      inject: [HUB_CONFIG, CALENDAR_CONFIG],
      useFactory: (hub: ResolvedConfig, cfg: CalendarConfig) =>
        new WorkingCalendar({
          timeZone: hub.TZ_OFFICE,
          officeDays: cfg.OFFICE_DAYS,
          hours: { openMin: cfg.OFFICE_HOURS.openMin, closeMin: cfg.OFFICE_HOURS.closeMin },
          holidays: loadHolidays(cfg.HOLIDAYS_FILE),
        }),
    },
  ],
  exports: [CALENDAR_CONFIG, WorkingCalendar],
})
export class CalendarModule {}
