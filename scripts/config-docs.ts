/**
 * Writes .env.example and prints the README's configuration table from the
 * same descriptions the code validates with, so the two never drift.
 *   npm run config:docs
 */
import { writeFileSync } from 'node:fs';
import { configDocs, configSchema } from '../src/config/config.schema';
import { projectPath } from '../src/common/paths';
import { EXTRA_CONFIG_DOCS } from '../src/module-config-docs';

function defaultOf(name: string): string {
  const field = (configSchema.shape as Record<string, { safeParse: (v: unknown) => { success: boolean; data?: unknown } }>)[name];
  const r = field?.safeParse(undefined);
  return r?.success && r.data !== undefined ? String(r.data) : '';
}

const groups: [string, Record<string, string>, (n: string) => string][] = [
  ['Hub', configDocs as Record<string, string>, defaultOf],
  ...EXTRA_CONFIG_DOCS.map(([title, docs]) => [title, docs, () => ''] as [string, Record<string, string>, (n: string) => string]),
];

let env = '# Layanan Bantuan SIPINTER — every setting, with its default. Copy to .env and edit.\n';
let table = '| variable | default | meaning |\n| --- | --- | --- |\n';
for (const [title, docs, def] of groups) {
  env += `\n# --- ${title} ---\n`;
  for (const [name, text] of Object.entries(docs)) {
    if (name === 'HUB_FAULT_POINT') continue;
    env += `# ${text}\n#${name}=${def(name)}\n`;
    table += `| \`${name}\` | ${def(name) ? `\`${def(name)}\`` : ''} | ${text} |\n`;
  }
}
writeFileSync(projectPath('.env.example'), env);
process.stdout.write(table);
