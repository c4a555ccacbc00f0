import { Global, Module } from '@nestjs/common';
import { BOT_CONFIG, BotConfig } from '../../bot/bot.config';
import { BotConfigModule } from '../../bot/bot-config.module';
import { HUB_CONFIG, ResolvedConfig } from '../../config/hub-config';
import { loadHolidays, WorkingCalendar } from './working-calendar';

/** The office's working-day calendar (TZ_OFFICE, OFFICE_HOURS, OFFICE_DAYS, HOLIDAYS_FILE). */
@Global()
@Module({
  imports: [BotConfigModule],
  providers: [
    {
      provide: WorkingCalendar,
      inject: [HUB_CONFIG, BOT_CONFIG],
      useFactory: (hub: ResolvedConfig, bot: BotConfig) =>
        new WorkingCalendar({
          timeZone: hub.TZ_OFFICE,
          officeDays: bot.OFFICE_DAYS,
          hours: { openMin: bot.OFFICE_HOURS.openMin, closeMin: bot.OFFICE_HOURS.closeMin },
          holidays: loadHolidays(bot.HOLIDAYS_FILE),
        }),
    },
  ],
  exports: [WorkingCalendar],
})
export class CalendarModule {}
