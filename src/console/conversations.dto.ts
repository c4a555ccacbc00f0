import { z } from 'zod';
import { CONVERSATION_STATUSES, ConversationStatus } from '../schema/conversation.entity';
import { messageText, uuid } from '../common/validation';

const csv = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).min(1).max(10));

export const listQuerySchema = z
  .object({
    status: csv(
      z.enum(CONVERSATION_STATUSES as [ConversationStatus, ...ConversationStatus[]], { message: `status: ${CONVERSATION_STATUSES.join(', ')}` }),
    ).optional(),
    teamId: uuid.optional(),
    assigneeId: z.union([z.literal('me'), z.literal('none'), uuid]).optional(),
    channel: z
      .string()
      .regex(/^[a-z0-9_-]{1,32}$/)
      .optional(),
    label: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/)
      .optional(),
    overdue: z.enum(['true', 'false']).optional(),
    q: z.string().trim().min(2, 'q minimal 2 karakter').max(100).optional(),
    cursor: z.string().max(300).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();
export type ListQuery = z.infer<typeof listQuerySchema>;

export const labelSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'label: huruf kecil, angka, - atau _ (maks. 40)');

export const textBody = z.object({ text: messageText }).strict();
/** A private note; forAgency: "tampilkan ke dinas" (agency officers' own notes are always shown to agencies). */
export const noteBody = z.object({ text: messageText, forAgency: z.boolean().optional() }).strict();
export const assignBody = z.object({ userId: z.union([z.literal('me'), uuid]).default('me') }).strict();
export const transferBody = z.object({ teamId: uuid, note: z.string().trim().max(1000).optional() }).strict();
export const referBody = z
  .object({
    agencyCode: z.string().min(1, 'agencyCode wajib diisi').max(32),
    question: messageText,
    workingDays: z.number().int().min(1).max(60).optional(),
  })
  .strict();
export const labelsBody = z.object({ labels: z.array(labelSchema).max(20, 'maks. 20 label') }).strict();
export const messagesQuery = z.object({ before: z.string().max(40).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();
export const syncQuery = z.object({ since: z.iso.datetime({ offset: true, message: 'since harus waktu ISO 8601' }) }).strict();
