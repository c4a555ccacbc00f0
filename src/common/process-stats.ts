import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * At LOG_LEVEL=debug (or trace), a plain stdout line every `everyMs` with the process's resident
 * memory and event-loop delay since the last line: what bench/soak.ts reads to watch a long run
 * stay flat. Off at every other level: no timer, no histogram.
 */
export function startProcessStats(role: string, logLevel: string, everyMs = 10_000): void {
  if (logLevel !== 'debug' && logLevel !== 'trace') return;
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const ms = (ns: number) => (ns / 1e6).toFixed(1);
  setInterval(() => {
    const rss = (process.memoryUsage.rss() / 1048576).toFixed(1);
    console.log(
      `hub stats role=${role} pid=${process.pid} rss_mb=${rss} loop_p50_ms=${ms(h.percentile(50))} loop_p99_ms=${ms(h.percentile(99))} loop_max_ms=${ms(h.max)}`,
    );
    h.reset();
  }, everyMs).unref();
}
