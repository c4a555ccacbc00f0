import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHANNELS } from '../../../channels';
import { channelConfigGroups, channelLabels } from '../../../src/hub/channel-definition';

const ROOT = join(__dirname, '../../..');

/** web/src/format.ts's CHANNEL_LABEL, read as text: the console is bundled apart and cannot import the channels. */
function consoleLabels(): Record<string, string> {
  const src = readFileSync(join(ROOT, 'web/src/format.ts'), 'utf8');
  const body = /export const CHANNEL_LABEL[^{]*\{([^}]*)\}/.exec(src)?.[1] ?? '';
  return Object.fromEntries([...body.matchAll(/^\s*'?([\w-]+)'?: '([^']*)',?$/gm)].map((m) => [m[1], m[2]]));
}

// Adding a channel is one folder and one line in channels/index.ts (README, "Channels"): these keep that true.
describe('channel definitions', () => {
  it('lists every channel folder once, each with its <folder>.channel.ts', () => {
    const folders = readdirSync(join(ROOT, 'channels'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(CHANNELS.map((c) => c.folder).sort()).toEqual(folders);
    for (const c of CHANNELS) expect(existsSync(join(ROOT, 'channels', c.folder, `${c.folder}.channel.ts`))).toBe(true);
  });

  it('gives every transport of one channel the same label', () => {
    for (const c of CHANNELS) expect(channelLabels(CHANNELS)[c.channel]).toBe(c.label);
  });

  it('shows officers the same channel labels as the definitions', () => {
    expect(consoleLabels()).toEqual(channelLabels(CHANNELS));
  });

  it('documents every channel setting in .env.example, under its title', () => {
    const env = readFileSync(join(ROOT, '.env.example'), 'utf8');
    for (const [title, docs] of channelConfigGroups(CHANNELS)) {
      expect(env).toContain(`# --- ${title} ---`);
      for (const name of Object.keys(docs)) expect(env).toContain(`#${name}=`);
    }
  });
});
