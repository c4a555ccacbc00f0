import { z } from 'zod';
import { uuid } from '../common/validation';

export const auditQuery = z
  .object({
    action: z.string().max(40).optional(),
    actorId: uuid.optional(),
    targetType: z.string().max(20).optional(),
    targetId: uuid.optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type AuditQuery = z.infer<typeof auditQuery>;
