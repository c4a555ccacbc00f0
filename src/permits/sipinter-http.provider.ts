import { Logger } from '@nestjs/common';
import CircuitBreaker from 'opossum';
import { z } from 'zod';
import { isPermitStage, PermitApplication, PermitProviderUnavailableError, PermitStatusProvider } from './permit.types';

export interface SipinterHttpOptions {
  baseUrl: string;
  token?: string;
  timeoutMs: number;
  /** How long the breaker stays open before one trial call. */
  resetTimeoutMs: number;
  /** Failures (of the last calls in the rolling window) that open the breaker. */
  errorThresholdPercentage?: number;
  volumeThreshold?: number;
}

const date = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) {
    ctx.addIssue({ code: 'custom', message: 'invalid date' });
    return z.NEVER;
  }
  return d;
});

/** What the SIPINTER status API returns for GET /applications/{number} (snake_case). */
const responseSchema = z.object({
  number: z.string(),
  permit_type: z.string(),
  applicant_name: z.string().default(''),
  nik_last4: z.string().regex(/^\d{4}$/),
  nik_hash: z.string().nullish(),
  phone: z.string().nullish(),
  stage: z.string().refine(isPermitStage, 'unknown stage'),
  stage_since: date,
  submitted_at: date,
  service_standard_days: z.coerce.number().int().min(0),
  next_action: z.string().nullish(),
  agency_pending: z.string().nullish(),
  updated_at: date.optional(),
});

class HttpStatusError extends Error {
  constructor(readonly status: number) {
    super(`SIPINTER API answered HTTP ${status}`);
  }
}

/**
 * Status from the SIPINTER API. Every call has a timeout; a circuit breaker
 * (opossum) stops calling a server that keeps failing, so at a peak the bot
 * answers "the permit system is not reachable" at once instead of hanging.
 */
export class SipinterHttpProvider implements PermitStatusProvider {
  readonly name = 'sipinter';
  private readonly log = new Logger(SipinterHttpProvider.name);
  private readonly breaker: CircuitBreaker<[string], PermitApplication | null>;

  constructor(private readonly opts: SipinterHttpOptions) {
    this.breaker = new CircuitBreaker((n: string) => this.fetchOnce(n), {
      // The fetch has its own abort timeout; the breaker's is a backstop.
      timeout: opts.timeoutMs + 500,
      resetTimeout: opts.resetTimeoutMs,
      errorThresholdPercentage: opts.errorThresholdPercentage ?? 50,
      volumeThreshold: opts.volumeThreshold ?? 3,
      rollingCountTimeout: 30_000,
      name: 'sipinter-api',
    });
    this.breaker.on('open', () => this.log.warn('SIPINTER API circuit open: status lookups answer "unavailable" until it recovers'));
    this.breaker.on('close', () => this.log.log('SIPINTER API circuit closed again'));
  }

  get circuitOpen(): boolean {
    return this.breaker.opened;
  }

  async find(applicationNumber: string): Promise<PermitApplication | null> {
    try {
      return await this.breaker.fire(applicationNumber.toUpperCase());
    } catch (err) {
      if (err instanceof PermitProviderUnavailableError) throw err;
      const e = err as Error & { code?: string };
      const reason = e.code === 'EOPENBREAKER' ? 'circuit open' : e.code === 'ETIMEDOUT' ? 'timed out' : e.message;
      throw new PermitProviderUnavailableError(`SIPINTER API unavailable: ${reason}`, err);
    }
  }

  shutdown(): void {
    this.breaker.shutdown();
  }

  private async fetchOnce(number: string): Promise<PermitApplication | null> {
    const url = `${this.opts.baseUrl.replace(/\/+$/, '')}/applications/${encodeURIComponent(number)}`;
    let res: Response;
    try {
      res = await fetch(url, {
        headers: { accept: 'application/json', ...(this.opts.token ? { authorization: `Bearer ${this.opts.token}` } : {}) },
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
    } catch (err) {
      const e = err as Error;
      throw new PermitProviderUnavailableError(
        e.name === 'TimeoutError' ? `SIPINTER API timed out after ${this.opts.timeoutMs} ms` : `SIPINTER API unreachable: ${e.message}`,
        err,
      );
    }
    if (res.status === 404) {
      await res.body?.cancel();
      return null;
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new HttpStatusError(res.status);
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch (err) {
      throw new PermitProviderUnavailableError('SIPINTER API sent a body that is not JSON', err);
    }
    const parsed = responseSchema.safeParse(body);
    if (!parsed.success)
      throw new PermitProviderUnavailableError(
        `SIPINTER API sent an unexpected body: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`,
      );
    const b = parsed.data;
    return {
      number: b.number.toUpperCase(),
      permitType: b.permit_type,
      applicantName: b.applicant_name,
      nikLast4: b.nik_last4,
      nikHash: b.nik_hash ?? null,
      phone: b.phone ?? null,
      stage: b.stage as PermitApplication['stage'],
      stageSince: b.stage_since,
      submittedAt: b.submitted_at,
      serviceStandardDays: b.service_standard_days,
      nextAction: b.next_action ?? null,
      agencyPending: b.agency_pending ?? null,
      updatedAt: b.updated_at ?? new Date(),
    };
  }
}
