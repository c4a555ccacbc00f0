/**
 * npm run permits:import -- FILE.csv
 *
 * Imports the office's CSV export into permit_applications. Every row is
 * validated first; on any error the problems are listed (line, column, what
 * is wrong) and nothing is written. Otherwise all rows are written in one
 * transaction (new numbers inserted, known numbers updated).
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { parseCalendarConfig } from '../common/calendar/calendar.config';
import { loadHolidays, WorkingCalendar } from '../common/calendar/working-calendar';
import { loadConfig } from '../config/hub-config';
import { openDatabase } from '../database/data-source';
import { ENTITIES } from '../entities';
import { formatCsvError, parsePermitCsv } from '../permits/permit-csv';
import { PermitsRepository } from '../permits/permits.repository';

async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: npm run permits:import -- FILE.csv');
    return 2;
  }
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (err) {
    console.error(`${file}: cannot read: ${(err as Error).message}`);
    return 2;
  }
  const hub = loadConfig();
  const office = parseCalendarConfig();
  const cal = new WorkingCalendar({
    timeZone: hub.TZ_OFFICE,
    officeDays: office.OFFICE_DAYS,
    hours: { openMin: office.OFFICE_HOURS.openMin, closeMin: office.OFFICE_HOURS.closeMin },
    holidays: loadHolidays(office.HOLIDAYS_FILE),
  });
  const { rows, errors } = parsePermitCsv(content, (date, minutes) => cal.atLocal(date, minutes));
  if (errors.length) {
    console.error(`${file}: ${errors.length} problem(s); nothing was imported:`);
    for (const e of errors.slice(0, 200)) console.error(`  ${formatCsvError(e)}`);
    if (errors.length > 200) console.error(`  … and ${errors.length - 200} more`);
    return 1;
  }
  const ds = await openDatabase(hub, ENTITIES);
  try {
    const repo = new PermitsRepository();
    const r = await ds.transaction((m) => repo.upsertApplications(m, rows));
    console.log(`${file}: ${rows.length} applications imported (${r.inserted} new, ${r.updated} updated)`);
    return 0;
  } finally {
    await ds.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(err.message);
    process.exit(1);
  },
);
