import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKnowledgeBase } from '../../../src/knowledge/kb.loader';
import { renderPlaceholders, loadOfficeValues } from '../../../src/knowledge/placeholders';

const OFFICE = `office:\n  address: Jl. Contoh No. 1, Tigaraksa\n  phone: "(021) 000000"\nhelpdesk:\n  hours: Senin-Jumat 08.00-16.00\n`;

interface EntryOpts {
  id: string;
  questions?: number;
  answer?: string;
  related?: string[];
  omit?: string;
}

function entry({ id, questions = 8, answer = 'Datang ke {{office.address}}.', related = [], omit }: EntryOpts): string {
  const fields: Record<string, string> = {
    id: `id: ${id}`,
    title: `title: Judul ${id}`,
    tags: 'tags: [contoh]',
    questions: `questions:\n${Array.from({ length: questions }, (_, i) => `  - pertanyaan ${id} nomor ${i}`).join('\n')}`,
    answer: `answer: ${JSON.stringify(answer)}`,
    answer_en: 'answer_en: "Visit {{office.address}}."',
    links: 'links:\n  - label: SIPINTER\n    url: https://sipinter.example.go.id',
    related: `related: [${related.join(', ')}]`,
    sources: 'sources: [Perbup contoh]',
  };
  if (omit) delete fields[omit];
  return `---\n${Object.values(fields).join('\n')}\n---\n`;
}

describe('loadKnowledgeBase', () => {
  let dir: string;
  let office: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kb-'));
    office = join(dir, 'office.yaml');
    writeFileSync(office, OFFICE);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, content: string) => writeFileSync(join(dir, name), content);

  it('loads valid entries with all fields', () => {
    write('alpha.md', entry({ id: 'alpha', related: ['beta'] }));
    write('beta.md', entry({ id: 'beta' }));
    const entries = loadKnowledgeBase(dir, office);
    expect(entries.map((e) => e.id)).toEqual(['alpha', 'beta']);
    expect(entries[0]).toMatchObject({
      title: 'Judul alpha',
      tags: ['contoh'],
      related: ['beta'],
      answerEn: 'Visit {{office.address}}.',
      links: [{ label: 'SIPINTER', url: 'https://sipinter.example.go.id' }],
      sources: ['Perbup contoh'],
    });
    expect(entries[0].questions).toHaveLength(8);
    expect(entries[0].file).toBe(join(dir, 'alpha.md'));
  });

  it('rejects duplicate ids, naming the file', () => {
    write('alpha.md', entry({ id: 'alpha' }));
    write('alpha-copy.md', entry({ id: 'alpha' }));
    expect(() => loadKnowledgeBase(dir, office)).toThrow(/alpha(-copy)?\.md: duplicate id 'alpha'/);
  });

  it('rejects an id that does not match the file name', () => {
    write('alpha.md', entry({ id: 'beta' }));
    expect(() => loadKnowledgeBase(dir, office)).toThrow(/alpha\.md: id 'beta' does not match the file name 'alpha'/);
  });

  it.each(['title', 'answer', 'questions', 'id'])('rejects a missing %s field', (field) => {
    write('alpha.md', entry({ id: 'alpha', omit: field }));
    expect(() => loadKnowledgeBase(dir, office)).toThrow(new RegExp(`alpha\\.md: missing required field '${field}'`));
  });

  it('rejects fewer than 6 questions', () => {
    write('alpha.md', entry({ id: 'alpha', questions: 5 }));
    expect(() => loadKnowledgeBase(dir, office)).toThrow(/alpha\.md: needs at least 6 questions, has 5/);
  });

  it('rejects an unknown placeholder', () => {
    write('alpha.md', entry({ id: 'alpha', answer: 'Hubungi {{office.fax}}.' }));
    expect(() => loadKnowledgeBase(dir, office)).toThrow(/alpha\.md: unknown placeholder \{\{office\.fax\}\} in answer/);
  });

  it('rejects a related id that does not exist', () => {
    write('alpha.md', entry({ id: 'alpha', related: ['ghost'] }));
    expect(() => loadKnowledgeBase(dir, office)).toThrow(/alpha\.md: related id 'ghost' does not exist/);
  });

  it('rejects broken front matter', () => {
    write('alpha.md', 'no front matter here');
    expect(() => loadKnowledgeBase(dir, office)).toThrow(/alpha\.md: missing YAML front matter/);
    write('alpha.md', '---\nid: [unclosed\n---\n');
    expect(() => loadKnowledgeBase(dir, office)).toThrow(/alpha\.md: front matter is not valid YAML/);
  });

  it('renders placeholders with the office values', () => {
    const values = loadOfficeValues(office);
    expect(renderPlaceholders('Alamat: {{office.address}}, jam {{ helpdesk.hours }}', values)).toBe(
      'Alamat: Jl. Contoh No. 1, Tigaraksa, jam Senin-Jumat 08.00-16.00',
    );
  });
});
