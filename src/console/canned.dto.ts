import { z } from 'zod';
import { uuid } from '../common/validation';

export const cannedSchema = z
  .object({
    shortcut: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'shortcut: huruf kecil, angka, - atau _ (tanpa "/")'),
    title: z.string().trim().min(1).max(120),
    text: z.string().trim().min(1).max(4000),
    teamId: uuid.nullish(),
  })
  .strict();
export type CannedInput = z.infer<typeof cannedSchema>;

/** The OpenAPI shape of a change; parsed strictly by `cannedPatch`. */
export const cannedPatchDoc = cannedSchema.partial();
export const cannedPatch = cannedSchema.partial().strict();

export const cannedRender = z.object({ conversationId: uuid }).strict();

/** A draft's text filled for the management page's preview: with a conversation's values, or examples without one. */
export const cannedPreview = z.object({ text: z.string().min(1).max(4000), conversationId: uuid.optional() }).strict();
