import { z } from 'zod';

/**
 * The parts of a Telegram Update (https://core.telegram.org/bots/api#update)
 * the hub reads, with their documented types. An update that does not match
 * is refused (400 to the webhook, skipped by the poller): redelivering it
 * could never succeed. Other fields and other update kinds pass unchecked.
 */
const int = z.number().int();
const user = z.object({ id: int, is_bot: z.boolean(), first_name: z.string(), last_name: z.string().optional(), username: z.string().optional() });
const file = { file_id: z.string().min(1), file_unique_id: z.string().min(1), file_size: z.number().optional() };

const message = z.object({
  message_id: int,
  date: int,
  chat: z.object({ id: int, type: z.string() }),
  from: user.optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  photo: z.array(z.object(file)).optional(),
  document: z.object({ ...file, mime_type: z.string().optional(), file_name: z.string().optional() }).optional(),
  voice: z.object({ ...file, duration: z.number(), mime_type: z.string().optional() }).optional(),
  audio: z.object({ ...file, duration: z.number(), mime_type: z.string().optional(), file_name: z.string().optional() }).optional(),
  video: z.object({ ...file, mime_type: z.string().optional() }).optional(),
  sticker: z.object({ ...file, is_animated: z.boolean().optional(), is_video: z.boolean().optional(), emoji: z.string().optional() }).optional(),
  location: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
  contact: z.object({ phone_number: z.string(), first_name: z.string(), last_name: z.string().optional() }).optional(),
});

const callbackQuery = z.object({
  id: z.string().min(1),
  from: user,
  data: z.string().optional(),
  message: z.object({ date: int.optional(), reply_markup: z.unknown().optional() }).optional(),
});

export const telegramUpdateSchema = z.object({
  update_id: int.nonnegative(),
  message: message.optional(),
  callback_query: callbackQuery.optional(),
});

/** null when the update has the documented shape, else why not (paths and types only: no content). */
export function malformedUpdate(u: unknown): string | null {
  const r = telegramUpdateSchema.safeParse(u);
  return r.success ? null : r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}
