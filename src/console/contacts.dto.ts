import { z } from 'zod';
import { uuid } from '../common/validation';

export const contactSearch = z.object({ q: z.string().trim().min(2, 'q minimal 2 karakter').max(100) }).strict();
export const contactPatch = z
  .object({
    name: z.string().trim().min(1, 'Nama tidak boleh kosong.').max(200).optional(),
    email: z.email().nullish(),
    /** As written ("0812-3456-7890"); stored as E.164 (src/common/phone.ts), null clears it. */
    phone: z.string().trim().max(30).nullish(),
    notes: z.string().trim().max(2000, 'Catatan maks. 2000 karakter.').nullish(),
  })
  .strict();
export type ContactPatch = z.infer<typeof contactPatch>;
export const contactMerge = z.object({ sourceId: uuid, targetId: uuid }).strict();
