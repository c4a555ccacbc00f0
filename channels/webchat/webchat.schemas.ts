import { z } from 'zod';

export const visitorTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{16,128}$/);

export const webchatMessageSchema = (maxText: number) =>
  z
    .object({
      clientMessageId: z.string().trim().min(1, 'clientMessageId is required').max(100, 'clientMessageId is too long'),
      text: z
        .string({ error: 'text must be a string' })
        .transform((t) => t.trim())
        .pipe(z.string().min(1, 'Pesan kosong tidak dapat dikirim.').max(maxText, `Pesan terlalu panjang (maksimal ${maxText} karakter).`)),
      /** The payload of the tapped quick reply (text is its title): the bot then needs no guess. */
      replyPayload: z.string().trim().min(1).max(200, 'replyPayload is too long').optional(),
    })
    .strict();

export const historySchema = z
  .object({ afterMessageId: z.string().uuid().optional() })
  .strict()
  .optional()
  .transform((v) => v ?? {});

export const typingSchema = z.object({ typing: z.boolean({ error: 'typing must be true or false' }) }).strict();

export type WebchatAck<T> = ({ ok: true } & T) | { ok: false; error: string };
