import { z } from 'zod';
import { parseEnv } from '../config/env-schema';

/** Settings of reports and the operators' metrics. */
const shape = {
  METRICS_TOKEN: z
    .string()
    .min(16, 'at least 16 characters')
    .optional()
    .or(z.literal('').transform(() => undefined)),
};

export const reportsConfigSchema = z.object(shape);

export type ReportsConfig = z.infer<typeof reportsConfigSchema>;

export const REPORTS_CONFIG = Symbol('REPORTS_CONFIG');

export const reportsConfigDocs: Record<keyof ReportsConfig, string> = {
  METRICS_TOKEN: 'bearer token Prometheus sends to GET /metrics (Authorization: Bearer …); unset = /metrics is off (404); at least 16 characters',
};

export const parseReportsConfig = (env: NodeJS.ProcessEnv): ReportsConfig => parseEnv(reportsConfigSchema, shape, env);
