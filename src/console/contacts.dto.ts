import { z } from 'zod';
import { uuid } from '../common/validation';

export const contactSearch = z.object({ q: z.string().trim().min(2, 'q minimal 2 karakter').max(100) }).strict();
export const contactPatch = z.object({ name: z.string().trim().min(1).max(200).optional(), email: z.email().nullish() }).strict();
export const contactMerge = z.object({ sourceId: uuid, targetId: uuid }).strict();
