import { z } from 'zod';

export const slaPolicyBody = z
  .object({ firstResponseMinutes: z.number().int().min(1).max(525_600), resolutionMinutes: z.number().int().min(1).max(525_600) })
  .strict();
export type SlaPolicyBody = z.infer<typeof slaPolicyBody>;
