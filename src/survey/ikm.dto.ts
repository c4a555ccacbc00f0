import { z } from 'zod';
import { uuid } from '../common/validation';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'tanggal harus berformat YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'tanggal tidak ada');

/** GET /api/reports/ikm: an inclusive range of the office's calendar days, optionally one channel, team or permit type. */
export const ikmQuery = z
  .object({
    from: day,
    to: day,
    channel: z.string().trim().min(1).max(32).optional(),
    teamId: uuid.optional(),
    permitType: z.string().trim().min(1).max(120).optional(),
  })
  .strict()
  .refine((q) => q.from <= q.to, { message: 'from harus sebelum atau sama dengan to', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000 * 5, { message: 'rentang paling lama 5 tahun', path: ['to'] });
export type IkmQuery = z.infer<typeof ikmQuery>;

/** The breakdown adds the served population (for the sample the regulation's method asks for), when the office knows it. */
export const ikmBreakdownQuery = z
  .object({
    from: day,
    to: day,
    channel: z.string().trim().min(1).max(32).optional(),
    teamId: uuid.optional(),
    permitType: z.string().trim().min(1).max(120).optional(),
    population: z.coerce.number().int().min(1).max(100_000_000).optional(),
  })
  .strict()
  .refine((q) => q.from <= q.to, { message: 'from harus sebelum atau sama dengan to', path: ['to'] });
export type IkmBreakdownQuery = z.infer<typeof ikmBreakdownQuery>;

/** POST /api/survey/walk-in: the language of the page and, when the officer knows it, the permit served. */
export const walkInBody = z
  .object({
    lang: z.enum(['id', 'en']).optional(),
    permitType: z.string().trim().min(1).max(120).optional(),
  })
  .strict();
export type WalkInBody = z.infer<typeof walkInBody>;
