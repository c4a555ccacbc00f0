import { parse } from 'csv-parse/sync';
import { normaliseIndonesianPhone } from '../common/phone';
import { PermitApplicationRow } from '../schema/permit-application.entity';
import { isPermitStage, PERMIT_STAGES } from './permit.types';
import { hashNik } from './nik';

/** Header aliases: the office export may use Indonesian column names. */
const ALIASES: Record<string, keyof CsvFields> = {
  number: 'number',
  nomor: 'number',
  nomor_permohonan: 'number',
  no_permohonan: 'number',
  permit_type: 'permitType',
  jenis_izin: 'permitType',
  applicant_name: 'applicantName',
  nama_pemohon: 'applicantName',
  nik: 'nik',
  nik_last4: 'nikLast4',
  phone: 'phone',
  no_hp: 'phone',
  telepon: 'phone',
  stage: 'stage',
  tahap: 'stage',
  stage_since: 'stageSince',
  tahap_sejak: 'stageSince',
  submitted_at: 'submittedAt',
  tanggal_pengajuan: 'submittedAt',
  service_standard_days: 'serviceStandardDays',
  standar_hari_kerja: 'serviceStandardDays',
  next_action: 'nextAction',
  tindak_lanjut: 'nextAction',
  agency_pending: 'agencyPending',
  menunggu_dinas: 'agencyPending',
};

interface CsvFields {
  number: string;
  permitType: string;
  applicantName: string;
  nik: string;
  nikLast4: string;
  phone: string;
  stage: string;
  stageSince: string;
  submittedAt: string;
  serviceStandardDays: string;
  nextAction: string;
  agencyPending: string;
}

/** Stage names as the office may write them in the export. */
const STAGE_ALIASES: Record<string, string> = {
  baru: 'diterima',
  pemeriksaan_berkas: 'verifikasi',
  dikembalikan: 'perbaikan',
  perbaikan_berkas: 'perbaikan',
  rekomendasi: 'rekomendasi_teknis',
  menunggu_rekomendasi: 'rekomendasi_teknis',
  peninjauan_lapangan: 'survei',
  menunggu_pembayaran: 'pembayaran',
  penandatanganan: 'penerbitan',
  selesai: 'terbit',
  izin_terbit: 'terbit',
};

const REQUIRED: Array<keyof CsvFields> = ['number', 'permitType', 'applicantName', 'stage', 'stageSince', 'submittedAt', 'serviceStandardDays'];

export interface CsvRowError {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  field?: string;
  problem: string;
}

export interface CsvParseResult {
  rows: PermitApplicationRow[];
  errors: CsvRowError[];
}

/** Turns a local wall-clock time into an instant (the office's zone). */
export type LocalTimeResolver = (date: string, minutes: number) => Date;

function parseDate(raw: string, toInstant: LocalTimeResolver): Date | null {
  const v = raw.trim();
  if (/[zZ]$|[+-]\d{2}:?\d{2}$/.test(v) && /^\d{4}-\d{2}-\d{2}T/.test(v)) {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2})[:.](\d{2})(?::\d{2})?)?$/.exec(v);
  let y: number, mo: number, d: number, h: number, mi: number;
  if (m) [y, mo, d, h, mi] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0)];
  else {
    m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2})[:.](\d{2}))?$/.exec(v);
    if (!m) return null;
    [d, mo, y, h, mi] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0)];
  }
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59) return null;
  const date = `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return toInstant(date, h * 60 + mi);
}

/**
 * Parses and validates the office's CSV export. Every row is checked and
 * every problem reported (line, field, what is wrong); the caller writes
 * nothing unless `errors` is empty.
 */
export function parsePermitCsv(content: string, toInstant: LocalTimeResolver, now = new Date()): CsvParseResult {
  let records: string[][];
  try {
    records = parse(content, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: true, delimiter: [',', ';'] }) as string[][];
  } catch (err) {
    return { rows: [], errors: [{ line: (err as { lines?: number }).lines ?? 0, problem: `not a readable CSV file: ${(err as Error).message}` }] };
  }
  if (records.length === 0) return { rows: [], errors: [{ line: 1, problem: 'the file is empty (a header line is required)' }] };
  const header = records[0].map((h) =>
    h
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_'),
  );
  const columns = header.map((h) => ALIASES[h]);
  const errors: CsvRowError[] = [];
  header.forEach((h, i) => {
    if (!columns[i]) errors.push({ line: 1, field: h, problem: `unknown column '${h}' (expected: ${Object.keys(ALIASES).join(', ')})` });
  });
  for (const req of REQUIRED) if (!columns.includes(req)) errors.push({ line: 1, field: req, problem: `missing column for ${req}` });
  if (!columns.includes('nik') && !columns.includes('nikLast4')) errors.push({ line: 1, field: 'nik', problem: 'missing column nik or nik_last4' });
  if (errors.length) return { rows: [], errors };

  const rows: PermitApplicationRow[] = [];
  const seen = new Map<string, number>();
  records.slice(1).forEach((rec, idx) => {
    const line = idx + 2;
    const f = {} as Partial<CsvFields>;
    columns.forEach((c, i) => {
      if (c) f[c] = (rec[i] ?? '').trim();
    });
    const err = (field: string, problem: string) => errors.push({ line, field, problem });
    const before = errors.length;
    for (const req of REQUIRED) if (!f[req]) err(req, 'is empty');

    const number = (f.number ?? '').replace(/\s+/g, '').toUpperCase();
    if (number && !/^[A-Z0-9][A-Z0-9/._-]{3,39}$/.test(number)) err('number', `'${number}' is not an application number`);
    if (number && seen.has(number)) err('number', `duplicate of line ${seen.get(number)}`);
    if (number) seen.set(number, line);

    let nikLast4 = '';
    let nikHash: string | null = null;
    if (f.nik) {
      const digits = f.nik.replace(/\D/g, '');
      if (digits.length !== 16) err('nik', 'must have 16 digits');
      else {
        nikLast4 = digits.slice(-4);
        nikHash = hashNik(digits);
      }
    } else if (f.nikLast4) {
      if (!/^\d{4}$/.test(f.nikLast4)) err('nik_last4', 'must be exactly 4 digits');
      else nikLast4 = f.nikLast4;
    } else err('nik', 'nik or nik_last4 is required');

    let phone: string | null = null;
    if (f.phone) {
      phone = normaliseIndonesianPhone(f.phone);
      if (!phone) err('phone', 'is not a valid Indonesian phone number');
    }

    const stageKey = (f.stage ?? '').toLowerCase().replace(/[\s-]+/g, '_');
    const stage = STAGE_ALIASES[stageKey] ?? stageKey;
    if (f.stage && !isPermitStage(stage)) err('stage', `unknown stage '${f.stage}' (one of ${Object.keys(PERMIT_STAGES).join(', ')})`);
    const stageSince = f.stageSince ? parseDate(f.stageSince, toInstant) : null;
    if (f.stageSince && !stageSince) err('stage_since', `'${f.stageSince}' is not a date (YYYY-MM-DD, YYYY-MM-DD HH:MM or DD/MM/YYYY)`);
    const submittedAt = f.submittedAt ? parseDate(f.submittedAt, toInstant) : null;
    if (f.submittedAt && !submittedAt) err('submitted_at', `'${f.submittedAt}' is not a date (YYYY-MM-DD, YYYY-MM-DD HH:MM or DD/MM/YYYY)`);
    if (stageSince && submittedAt && stageSince < submittedAt) err('stage_since', 'is before submitted_at');
    const days = Number(f.serviceStandardDays);
    if (f.serviceStandardDays && (!Number.isInteger(days) || days < 0 || days > 365))
      err('service_standard_days', 'must be a whole number of working days (0–365)');
    if ((f.nextAction ?? '').length > 500) err('next_action', 'is longer than 500 characters');
    if ((f.permitType ?? '').length > 120) err('permit_type', 'is longer than 120 characters');

    if (errors.length > before) return;
    rows.push({
      number,
      permitType: f.permitType as string,
      applicantName: (f.applicantName as string).slice(0, 200),
      nikLast4,
      nikHash,
      phone,
      stage,
      stageSince: stageSince as Date,
      submittedAt: submittedAt as Date,
      serviceStandardDays: days,
      nextAction: f.nextAction || null,
      agencyPending: f.agencyPending ? f.agencyPending.toUpperCase().slice(0, 80) : null,
      updatedAt: now,
    });
  });
  if (rows.length === 0 && errors.length === 0) errors.push({ line: 2, problem: 'no data rows' });
  return { rows, errors };
}

export function formatCsvError(e: CsvRowError): string {
  return `line ${e.line}${e.field ? ` [${e.field}]` : ''}: ${e.problem}`;
}
