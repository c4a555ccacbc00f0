/**
 * Makes the served widget from the one swc compiled (dist/channels/webchat/widget/widget.js):
 * minified (swc's minifier, already installed for the build), with its CSS squeezed, and
 * precompressed as widget.js.gz and widget.js.br for the controller to send as they are.
 * Run by `npm run build` after swc; prints the sizes.
 */
import { minifySync } from '@swc/core';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

// Compiled to dist/scripts/: the dist root is one up (or given).
const file = join(resolve(process.argv[2] ?? join(__dirname, '..')), 'channels/webchat/widget/widget.js');
const source = readFileSync(file, 'utf8');

/** The widget's stylesheet is one template literal `const CSS = \`…\``: whitespace there is bytes the browser ignores. */
function squeezeCss(code: string): string {
  return code.replace(/(const CSS = `)([^`]*)(`)/, (_m, a: string, css: string, b: string) => {
    const tight = css
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};,>])\s*/g, '$1') // not ':' — ".header :focus-visible" is a descendant
      .replace(/;}/g, '}')
      .trim();
    return a + tight + b;
  });
}

const { code } = minifySync(squeezeCss(source), {
  compress: { passes: 2 },
  mangle: true,
  ecma: 2020,
  format: { comments: false },
});
writeFileSync(file, code);
const gz = gzipSync(code, { level: 9 });
const br = brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: code.length } });
writeFileSync(`${file}.gz`, gz);
writeFileSync(`${file}.br`, br);
// The source map swc wrote describes the unminified file.
const map = `${file}.map`;
if (existsSync(map)) rmSync(map);

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
process.stdout.write(`widget.js: ${kb(source.length)} compiled → ${kb(code.length)} minified, ${kb(gz.length)} gzip, ${kb(br.length)} brotli\n`);
