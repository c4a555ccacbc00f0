import { projectPath } from '../../../src/common/paths';
import { loadKnowledgeBase, loadOfficeValues, missingValueKeys, renderForCitizen } from '../../../src/knowledge';
import { officeValueProblem } from '../../../src/knowledge-editor/office-values.service';

const ASK = 'Untuk keterangan tersebut, silakan hubungi kantor DPMPTSP.';

describe('answers for citizens with unfilled office values', () => {
  const values = loadOfficeValues(projectPath('config', 'office.yaml'));
  const entries = loadKnowledgeBase(projectPath('knowledge-base'), projectPath('config', 'office.yaml'));

  it('the shipped office.yaml still has unfilled values (what this guards against)', () => {
    expect(missingValueKeys(values).length).toBeGreaterThan(30);
  });

  it('never shows a placeholder or "[ISI OLEH KANTOR" in any entry, in either language', () => {
    for (const e of entries) {
      for (const text of [e.answer, e.answerEn ?? '']) {
        const out = renderForCitizen(text, values, ASK).text;
        expect(out).not.toMatch(/\{\{|\}\}|ISI OLEH KANTOR/);
      }
    }
  });

  it('leaves out only the sentence that needs the value, and says to contact the office once', () => {
    const v = new Map([
      ['office.hours', '[ISI OLEH KANTOR: jam]'],
      ['links.oss', 'https://oss.go.id'],
    ]);
    const r = renderForCitizen('Daftar di {{links.oss}}. Kantor buka {{office.hours}}. Bawa KTP.\n1. Isi formulir.\n2. Datang pada {{office.hours}}.', v, ASK);
    expect(r.text).toBe(`Daftar di https://oss.go.id. Bawa KTP.\n1. Isi formulir.\n${ASK}`);
    expect(r.missing).toEqual(['office.hours']);
  });

  it('renders filled values unchanged', () => {
    expect(renderForCitizen('Lihat {{links.oss}}.', new Map([['links.oss', 'https://oss.go.id']]), ASK).text).toBe('Lihat https://oss.go.id.');
  });
});

describe('office value rules', () => {
  it.each([
    ['office.phone', '(021) 5990-0001', null],
    ['helpdesk.whatsapp', 'WhatsApp 0812-3456-7890', null],
    ['office.phone', 'telepon kami', /nomor telepon tidak valid/],
    ['links.sipinter', 'https://sipinter.example.org', null],
    ['links.sipinter', 'sipinter', /alamat web/],
    ['office.maps_url', 'javascript:alert(1)', /alamat web/],
    ['office.hours', 'Senin–Jumat, 08.00–16.00 WIB', null],
    ['office.hours', 'pagi sampai sore', /jam dengan angka/],
    ['office.email', 'bukan-email', /email/],
    ['office.address', '', /wajib diisi/],
    ['office.address', '[ISI OLEH KANTOR: alamat]', /ISI OLEH KANTOR/],
  ])('%s = %j', (key, value, problem) => {
    const p = officeValueProblem(key, value);
    if (problem) expect(p).toMatch(problem);
    else expect(p).toBeNull();
  });
});
