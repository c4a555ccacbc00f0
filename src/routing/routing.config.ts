import { z } from 'zod';
import { envBool, envInt, envMinutes, parseEnv } from '../config/env-schema';

/** Settings of routing, presence, SLA targets and agency referrals. */
const shape = {
  SLA_FIRST_RESPONSE_MINUTES: envMinutes(60),
  SLA_RESOLUTION_MINUTES: envMinutes(3 * 8 * 60),
  SLA_WORKING_HOURS: envBool(true),
  REFERRAL_DEFAULT_DAYS: envInt(3, 1, 60),
  REFERRAL_DUE_SECONDS: z.coerce.number().int().min(1).max(86_400).optional(),
  PRESENCE_TTL_SECONDS: envInt(45, 5, 3600),
  ROUTING_SWEEP_SECONDS: envInt(20, 1, 3600),
};

export const routingConfigSchema = z.object(shape);

export type RoutingConfig = z.infer<typeof routingConfigSchema>;

export const ROUTING_CONFIG = Symbol('ROUTING_CONFIG');

export const routingConfigDocs: Record<keyof RoutingConfig, string> = {
  SLA_FIRST_RESPONSE_MINUTES: 'default first-response target in working minutes (per-team policies override); default 60',
  SLA_RESOLUTION_MINUTES: 'default resolution target in working minutes; default 1440 (3 working days of 8 hours)',
  SLA_WORKING_HOURS: 'true = SLA targets count office hours only (calendar); false = wall-clock minutes; default true',
  REFERRAL_DEFAULT_DAYS: 'working days an agency has to answer a referral when none is given; default 3',
  REFERRAL_DUE_SECONDS: 'testing only: referrals fall due this many seconds after they are made',
  PRESENCE_TTL_SECONDS: 'an officer counts as online this long after the last sign of their console; default 45',
  ROUTING_SWEEP_SECONDS: 'how often waiting conversations and SLA timers are re-checked (safety net); default 20',
};

export const parseRoutingConfig = (env: NodeJS.ProcessEnv): RoutingConfig => parseEnv(routingConfigSchema, shape, env);
