import { z } from 'zod';
import { uuid } from '../common/validation';

const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'harus berupa tanggal YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'tanggal tidak valid');

/** Period (office-local dates, both inclusive), filters and output format of every report. */
export const reportQuery = z
  .object({
    from: localDate.optional(),
    to: localDate.optional(),
    channel: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,31}$/, 'kanal tidak dikenal')
      .optional(),
    teamId: uuid.optional(),
    format: z.enum(['json', 'csv']).optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: '"from" harus sebelum atau sama dengan "to"', path: ['from'] });
export type ReportQuery = z.infer<typeof reportQuery>;

export const gapQuery = z
  .object({
    from: localDate.optional(),
    to: localDate.optional(),
    channel: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,31}$/, 'kanal tidak dikenal')
      .optional(),
    status: z.enum(['open', 'answered', 'out_of_scope', 'ignored', 'all']).optional(),
    format: z.enum(['json', 'csv']).optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: '"from" harus sebelum atau sama dengan "to"', path: ['from'] });
export type GapQuery = z.infer<typeof gapQuery>;

/** A supervisor's decision on a gap group: answered by a knowledge-base entry, out of scope, ignored, or back to open. */
export const gapDecision = z.discriminatedUnion('status', [
  z.object({ status: z.literal('answered'), entryId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'id entri tidak valid') }).strict(),
  z.object({ status: z.enum(['out_of_scope', 'ignored', 'open']) }).strict(),
]);
export type GapDecision = z.infer<typeof gapDecision>;

const entryId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,79}$/, 'id entri: huruf kecil, angka dan tanda -, 2–80 karakter');
/** Phrasings to add; the gap's own (masked) examples when absent. */
const phrasings = z
  .array(z.string().trim().min(3, 'pertanyaan minimal 3 karakter').max(300, 'pertanyaan maksimal 300 karakter'))
  .min(1, 'pilih minimal satu pertanyaan')
  .max(30, 'maksimal 30 pertanyaan sekaligus')
  .optional();

/** "Tambahkan sebagai pertanyaan": the gap's phrasings become questions of a new draft of an existing entry. */
export const gapToEntry = z.object({ entryId, questions: phrasings }).strict();
export type GapToEntry = z.infer<typeof gapToEntry>;

/** "Buat entri baru": a new draft entry whose questions are the gap's phrasings (the editor's rules check the rest). */
export const gapNewEntry = z
  .object({
    id: entryId,
    title: z.string().max(200, 'judul maksimal 200 karakter'),
    answer: z.string().max(10_000, 'jawaban terlalu panjang'),
    answerEn: z.string().max(10_000, 'jawaban terlalu panjang').optional(),
    questions: phrasings,
  })
  .strict();
export type GapNewEntry = z.infer<typeof gapNewEntry>;
