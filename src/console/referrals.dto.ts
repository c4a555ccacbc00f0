import { z } from 'zod';
import { messageText } from '../common/validation';

export const referralQuery = z.object({ status: z.enum(['open', 'answered', 'cancelled']).optional(), overdue: z.enum(['true', 'false']).optional() }).strict();
export type ReferralQuery = z.infer<typeof referralQuery>;

export const referralAnswer = z.object({ text: messageText }).strict();
