import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kbMediaAttachments } from '../../../src/bot/flows/kb-media';
import {
  copyFilePictures,
  exportPictures,
  referencedPictureNames,
  removeUnreferencedPictures,
  storePicture,
  storedPictures,
} from '../../../src/knowledge/kb-pictures';
import { loadKnowledgeBase } from '../../../src/knowledge/kb.loader';
import { checkAgainst, validateEntryFields } from '../../../src/knowledge/kb.validation';
import { toEntry } from '../../../src/knowledge/knowledge-store.service';

/** A tiny valid-looking PNG: the signature is what the hub checks. */
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR-and-the-rest')]);
const NAME = `${createHash('sha256').update(PNG).digest('hex')}.png`;
const HOSTED = `/media/kb/${NAME}`;
const ALT = 'Infografik: tiga langkah mengambil antrean';

const base = {
  id: 'alpha',
  title: 'Judul',
  questions: Array.from({ length: 6 }, (_, i) => `pertanyaan ${i}`),
  answer: 'Jawaban.',
};
const issuesOf = (media: unknown) => validateEntryFields({ ...base, media }).issues;
const none = { has: () => false, where: 'nowhere' };
const all = { has: () => true, where: 'everywhere' };

describe('entry pictures: validation (one rule set for files and console)', () => {
  it('refuses an external image address, naming the field, in Indonesian and English', () => {
    const [i, ...rest] = issuesOf([{ type: 'image', url: 'https://dpmptsp.example.go.id/panduan.png', alt: ALT }]);
    expect(rest).toEqual([]);
    expect(i.field).toBe('media[0].url');
    expect(i.id).toMatch(/alamat luar tidak diterima/);
    expect(i.en).toMatch(/external image URLs are not accepted/);
  });

  it('refuses an image address made of an office value and any other path', () => {
    expect(issuesOf([{ type: 'image', url: '{{links.infografik}}', alt: ALT }])[0]).toMatchObject({ field: 'media[0].url' });
    expect(issuesOf([{ type: 'image', url: '/media/kb/../secret.png', alt: ALT }])[0].id).toMatch(/harus diunggah ke hub/);
    expect(issuesOf([{ type: 'image', url: `/media/kb/${'a'.repeat(64)}.gif`, alt: ALT }])[0].field).toBe('media[0].url');
  });

  it('accepts a hosted picture with alt text; reports a missing alt next to its own field', () => {
    const ok = validateEntryFields({ ...base, media: [{ type: 'image', url: HOSTED, alt: ALT }] });
    expect(ok.issues).toEqual([]);
    expect(ok.content.media).toEqual([{ type: 'image', url: HOSTED, alt: ALT }]);
    expect(issuesOf([{ type: 'image', url: HOSTED }])).toEqual([expect.objectContaining({ field: 'media[0].alt' })]);
    // Both problems of one item are reported, each at its field.
    expect(issuesOf([{ type: 'image', url: 'http://x.example/a.png' }]).map((i) => i.field)).toEqual(['media[0].url', 'media[0].alt']);
    expect(issuesOf([{ type: 'image', url: HOSTED, alt: 'x'.repeat(1001) }])[0]).toMatchObject({ field: 'media[0].alt' });
  });

  it('keeps video links external (http(s) or an office value)', () => {
    expect(issuesOf([{ type: 'video', url: 'https://video.example.go.id/tutorial', title: 'Tutorial' }])).toEqual([]);
    expect(issuesOf([{ type: 'video', url: '{{links.video}}' }])).toEqual([]);
    expect(issuesOf([{ type: 'video', url: '/lokal/video.mp4' }])[0]).toMatchObject({ field: 'media[0].url' });
  });

  it('checks that the picture exists where the caller keeps pictures', () => {
    const { content } = validateEntryFields({
      ...base,
      media: [
        { type: 'video', url: 'https://v.example/x' },
        { type: 'image', url: HOSTED, alt: ALT },
      ],
    });
    expect(checkAgainst(content, new Set(), new Set(), all)).toEqual([]);
    const [missing] = checkAgainst(content, new Set(), new Set(), none);
    expect(missing.field).toBe('media[1].url');
    expect(missing.id).toMatch(/tidak ada di hub/);
  });
});

describe('entry pictures: files, store and channels', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'kb-pictures-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const entryFile = (url: string) =>
    `---\nid: alpha\ntitle: Judul\nquestions:\n${base.questions.map((q) => `  - ${q}`).join('\n')}\nanswer: Jawaban.\nmedia:\n  - type: image\n    url: ${url}\n    alt: "${ALT}"\n---\n`;

  it('the file loader takes a picture from knowledge-base/media/ only when its bytes match its name', () => {
    const kb = join(dir, 'kb');
    mkdirSync(join(kb, 'media'), { recursive: true });
    writeFileSync(join(dir, 'office.yaml'), 'office:\n  address: Jl. Contoh\n');
    writeFileSync(join(kb, 'alpha.md'), entryFile(HOSTED));
    expect(() => loadKnowledgeBase(kb, join(dir, 'office.yaml'))).toThrow(new RegExp(`alpha\\.md: media\\[0\\]\\.url: picture ${NAME} not found`));
    writeFileSync(join(kb, 'media', NAME), Buffer.concat([PNG, Buffer.from('changed')]));
    expect(() => loadKnowledgeBase(kb, join(dir, 'office.yaml'))).toThrow(/does not match its name/);
    writeFileSync(join(kb, 'media', NAME), PNG);
    expect(loadKnowledgeBase(kb, join(dir, 'office.yaml'))[0].media).toEqual([{ type: 'image', url: HOSTED, alt: ALT }]);
    writeFileSync(join(kb, 'alpha.md'), entryFile('https://contoh.example/a.png'));
    expect(() => loadKnowledgeBase(kb, join(dir, 'office.yaml'))).toThrow(/alpha\.md: media\[0\]\.url: external image URLs are not accepted/);
  });

  it('stores by content hash (the same picture twice is one file), copies verified files and exports them back', async () => {
    const data = join(dir, 'data');
    const first = await storePicture(data, PNG, { mimeType: 'image/png', ext: 'png', kind: 'image' });
    const again = await storePicture(data, PNG, { mimeType: 'image/png', ext: 'png', kind: 'image' });
    expect(first).toEqual({ url: HOSTED, mimeType: 'image/png', bytes: PNG.length });
    expect(again).toEqual(first);
    expect(readdirSync(join(data, 'media', 'kb'))).toEqual([NAME]);
    expect(storedPictures(data).has(NAME)).toBe(true);
    expect(storedPictures(data).has(`${'0'.repeat(64)}.png`)).toBe(false);

    const out = join(dir, 'export');
    expect(
      exportPictures(
        [
          { type: 'image', url: HOSTED, alt: ALT },
          { type: 'video', url: 'https://v.example/x' },
        ],
        data,
        out,
      ),
    ).toEqual({ written: 1, missing: [] });
    expect(existsSync(join(out, 'media', NAME))).toBe(true);

    const kb = join(dir, 'kb');
    mkdirSync(join(kb, 'media'), { recursive: true });
    writeFileSync(join(kb, 'media', NAME), PNG);
    writeFileSync(join(kb, 'media', `${'b'.repeat(64)}.png`), PNG); // name is not its hash
    writeFileSync(join(kb, 'media', 'pbg-tahapan.html'), '<p>sumber</p>');
    const data2 = join(dir, 'data2');
    expect(copyFilePictures(kb, data2)).toEqual({ copied: 1, skipped: [`${'b'.repeat(64)}.png`] });
    expect(readdirSync(join(data2, 'media', 'kb'))).toEqual([NAME]);
    expect(copyFilePictures(kb, data2).copied).toBe(0);
  });

  it('the answer carries a hosted picture as the hub’s stored file, and leaves out an old external image address', () => {
    const entry = toEntry({
      ...validateEntryFields(base).content,
      media: [
        { type: 'image', url: HOSTED, alt: ALT },
        { type: 'image', url: 'https://lama.example/a.png', alt: ALT },
        { type: 'video', url: 'https://v.example/x', title: 'Video' },
      ],
    });
    expect(
      kbMediaAttachments(
        entry,
        (t) => t,
        () => true,
      ),
    ).toEqual([
      { kind: 'image', ref: `media/kb/${NAME}`, mimeType: 'image/png', fileName: NAME, alt: ALT },
      { kind: 'video', url: 'https://v.example/x', fileName: 'Video' },
    ]);
  });
});

describe('entry pictures: uploads never used in an entry are removed', () => {
  const type = { mimeType: 'image/png', ext: 'png', kind: 'image' } as const;
  const other = Buffer.concat([PNG, Buffer.from('another picture')]);
  const DAY = 24 * 3600 * 1000;
  let data: string;
  beforeEach(() => (data = mkdtempSync(join(tmpdir(), 'kb-sweep-'))));
  afterEach(() => rmSync(data, { recursive: true, force: true }));
  const age = (name: string, ms: number) => utimesSync(join(data, 'media', 'kb', name), new Date(Date.now() - ms), new Date(Date.now() - ms));

  it('finds the names an entry version or draft refers to, whatever field holds them', () => {
    const content = JSON.stringify({ ...base, media: [{ type: 'image', url: HOSTED, alt: ALT }], answer: `lihat /media/kb/${'a'.repeat(64)}.webp` });
    expect([...referencedPictureNames([content, '{"answer":"tanpa gambar"}'])].sort()).toEqual([`${'a'.repeat(64)}.webp`, NAME].sort());
  });

  it('removes only pictures nobody names that are older than the limit; a new upload of an old one is fresh again', async () => {
    const kept = await storePicture(data, PNG, type);
    const unused = await storePicture(data, other, type);
    const unusedName = unused.url.split('/').pop()!;
    age(NAME, 3 * DAY);
    age(unusedName, 3 * DAY);
    writeFileSync(join(data, 'media', 'kb', 'catatan.txt'), 'not a picture: never touched');
    expect(removeUnreferencedPictures(data, new Set([NAME]), DAY)).toEqual([unusedName]);
    expect(readdirSync(join(data, 'media', 'kb')).sort()).toEqual([NAME, 'catatan.txt'].sort());
    expect(kept.url).toBe(HOSTED);

    // Uploaded again after being old: the officer is using it now, so it waits another day.
    await storePicture(data, other, type);
    age(unusedName, 0);
    expect(removeUnreferencedPictures(data, new Set([NAME]), DAY)).toEqual([]);
    age(unusedName, 2 * DAY);
    await storePicture(data, other, type);
    expect(removeUnreferencedPictures(data, new Set([NAME]), DAY)).toEqual([]);
    expect(removeUnreferencedPictures(join(data, 'nothing-here'), new Set(), DAY)).toEqual([]);
  });
});
