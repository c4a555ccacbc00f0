import { fillPlaceholders } from '../../../src/console/canned.service';

describe('canned response placeholders', () => {
  it('fills the citizen name, reference and application number', () => {
    const r = fillPlaceholders('Halo {{contact.name}}, permohonan {{ application.number }} (tiket {{conversation.reference}}) sedang diproses.', {
      'contact.name': 'Budi',
      'application.number': 'PBG-2025-0001',
      'conversation.reference': 'LB-251201-ABC234',
    });
    expect(r).toEqual({ text: 'Halo Budi, permohonan PBG-2025-0001 (tiket LB-251201-ABC234) sedang diproses.', missing: [] });
  });
  it('falls back politely and reports what was missing; unknown placeholders stay', () => {
    const r = fillPlaceholders('Halo {{contact.name}}, nomor {{application.number}} {{foo.bar}}', {});
    expect(r.text).toBe('Halo Bapak/Ibu, nomor [nomor permohonan] {{foo.bar}}');
    expect(r.missing).toEqual(['contact.name', 'application.number']);
  });
});
