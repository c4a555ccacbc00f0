import { z } from 'zod';
import { uuid } from '../common/validation';

const text = (max: number, required: string) => z.string({ message: required }).trim().min(1, required).max(max, `maksimal ${max} karakter`);

/** The call form: who called, what they asked, what the officer did, what follows. */
export const callFormSchema = z
  .object({
    phone: z.string({ message: 'nomor penelepon wajib diisi' }).trim().min(1, 'nomor penelepon wajib diisi').max(30),
    name: z.string().trim().max(200).nullish(),
    asked: text(2000, 'pertanyaan penelepon wajib diisi'),
    done: text(2000, 'tindakan petugas wajib diisi'),
    followUp: z.string().trim().max(2000).nullish(),
    /** The call-log entry (from the screen pop) this form is about. */
    callId: uuid.nullish(),
  })
  .strict();

export type CallForm = z.infer<typeof callFormSchema>;

export const callLogQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();
