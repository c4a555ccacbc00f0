/**
 * The web chat widget's weight and speed on a slow phone network (issue 17).
 *
 *   npm run bench:widget -- [--runs 3] [--latency 400] [--kbps 400]
 *
 * Prints widget.js raw / gzip / brotli sizes (as built and as the hub serves
 * them) and socket.io's client as served, then, in Chromium (390 px, cold cache)
 * with DevTools-protocol network emulation (default "Slow 3G"-like: 400 kbit/s
 * both ways, 400 ms round trip), the time from opening the page to the
 * launcher, to the greeting shown after a tap, and to the first bot reply after
 * the citizen sends a message. A benchmark: it prints, it does not assert
 * (targets: ≤ 12 KB gzip for widget.js, first reply ≤ 5 s). Last line: one JSON object.
 */
import { readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/support/browser';
import { HubEnv, ROOT } from '../test/support/hub-process';

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const RUNS = arg('runs', 3);
const LATENCY_MS = arg('latency', 400);
const KBPS = arg('kbps', 400);
const log = (s: string) => process.stdout.write(`${s}\n`);
const kb = (n: number) => Math.round((n / 1024) * 10) / 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Bytes on the wire for a GET with the given Accept-Encoding (no decompression). */
function wireSize(url: string, encoding: string): Promise<{ bytes: number; encoding: string }> {
  return new Promise((res, rej) => {
    const req = request(url, { headers: { 'accept-encoding': encoding } }, (r) => {
      let bytes = 0;
      r.on('data', (d: Buffer) => (bytes += d.length));
      r.on('end', () => res({ bytes, encoding: String(r.headers['content-encoding'] ?? 'identity') }));
    });
    req.on('error', rej);
    req.end();
  });
}

async function main(): Promise<void> {
  const dir = join(ROOT, 'dist/channels/webchat/widget');
  const built = {
    raw: readFileSync(join(dir, 'widget.js')).length,
    gzip: statSync(join(dir, 'widget.js.gz')).size,
    brotli: statSync(join(dir, 'widget.js.br')).size,
  };
  log(`widget.js as built: ${kb(built.raw)} KB minified, ${kb(built.gzip)} KB gzip, ${kb(built.brotli)} KB brotli (target ≤ 12 KB gzip)`);

  const env = new HubEnv('sqlite');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const hub = await env.start('all');
    const served: Record<string, number> = {};
    for (const [path, name] of [
      ['/widget.js', 'widget'],
      ['/socket.io/socket.io.min.js', 'socketio'],
    ]) {
      for (const enc of ['identity', 'gzip', 'br']) {
        const r = await wireSize(`${hub.url}${path}`, enc);
        served[`${name}_${enc}`] = r.bytes;
      }
      log(`${path} served: ${kb(served[`${name}_identity`])} KB plain, ${kb(served[`${name}_gzip`])} KB gzip, ${kb(served[`${name}_br`])} KB brotli`);
    }

    log(`slow network: ${KBPS} kbit/s down and up, ${LATENCY_MS} ms round trip, cold cache, 390×844; ${RUNS} runs`);
    const runs: { launcher: number; greeting: number; reply: number; sendToReply: number }[] = [];
    for (let i = 0; i < RUNS; i++) {
      const ctx = await browser.newContext({
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
        locale: 'id-ID',
        timezoneId: 'Asia/Jakarta',
      });
      ctx.setDefaultTimeout(60_000);
      const page = await ctx.newPage();
      const cdp = await ctx.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      const bytesPerSecond = (KBPS * 1000) / 8;
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: LATENCY_MS,
        downloadThroughput: bytesPerSecond,
        uploadThroughput: bytesPerSecond,
      });
      const t0 = Date.now();
      await page.goto(`${hub.url}/widget`, { waitUntil: 'commit' });
      const launcher = page.getByRole('button', { name: 'Tanya kami', exact: true });
      await launcher.waitFor();
      const tLauncher = Date.now() - t0;
      await launcher.tap();
      const dialog = page.getByRole('dialog', { name: 'Layanan Bantuan SIPINTER' });
      await dialog.locator('.row[data-local="greeting"]').waitFor();
      const tGreeting = Date.now() - t0;
      const input = dialog.getByRole('textbox', { name: 'Tulis pesan' });
      await input.fill('syarat PBG apa saja');
      const tSend = Date.now() - t0;
      await input.press('Enter');
      await dialog.locator('.row[data-sender="bot"]:not([data-local])').first().waitFor();
      const tReply = Date.now() - t0;
      runs.push({ launcher: tLauncher, greeting: tGreeting, reply: tReply, sendToReply: tReply - tSend });
      log(
        `  run ${i + 1}: launcher ${(tLauncher / 1000).toFixed(2)} s, greeting ${(tGreeting / 1000).toFixed(2)} s, first bot reply ${(tReply / 1000).toFixed(2)} s after opening (${((tReply - tSend) / 1000).toFixed(2)} s after sending)`,
      );
      await ctx.close();
    }
    const summary = {
      widgetBuilt: built,
      served,
      network: { kbps: KBPS, latencyMs: LATENCY_MS },
      medianMs: {
        launcher: median(runs.map((r) => r.launcher)),
        greeting: median(runs.map((r) => r.greeting)),
        firstReply: median(runs.map((r) => r.reply)),
        sendToReply: median(runs.map((r) => r.sendToReply)),
      },
    };
    log(
      `median: greeting ${(summary.medianMs.greeting / 1000).toFixed(2)} s, first bot reply ${(summary.medianMs.firstReply / 1000).toFixed(2)} s after opening (target ≤ 5 s)`,
    );
    log(JSON.stringify(summary));
  } finally {
    await browser.close().catch(() => undefined);
    await env.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
