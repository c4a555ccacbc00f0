import { compileAppNumberPatterns, extractEntities, isPlausibleNik, maskNik, maskPhone, maskSensitive, normalisePhone } from '../../../src/bot/nlu/entities';

describe('NIK', () => {
  it('accepts plausible NIKs, including the +40 day offset for women', () => {
    expect(isPlausibleNik('3603124501880002')).toBe(true); // day 45 = 5th, woman
    expect(isPlausibleNik('3603011708950003')).toBe(true);
  });

  it('rejects impossible province, day, month or serial', () => {
    expect(isPlausibleNik('9903124501880002')).toBe(false); // no province 99
    expect(isPlausibleNik('2203124501880002')).toBe(false); // no province 22
    expect(isPlausibleNik('3603123501880002')).toBe(false); // day 35
    expect(isPlausibleNik('3603127501880002')).toBe(false); // day 75
    expect(isPlausibleNik('3603124513880002')).toBe(false); // month 13
    expect(isPlausibleNik('3603124501880000')).toBe(false); // serial 0000
    expect(isPlausibleNik('360312450188000')).toBe(false); // 15 digits
  });

  it('extracts only plausible NIKs from text', () => {
    expect(extractEntities('cek status izin, NIK 3603124501880002').entities.niks).toEqual(['3603124501880002']);
    expect(extractEntities('nik 3603 1245 0188 0002 ya').entities.niks).toEqual(['3603124501880002']);
    expect(extractEntities('rekening 1234567890123456').entities.niks).toEqual([]);
  });

  it('masks all but the first and last four digits', () => {
    expect(maskNik('3603124501880002')).toBe('3603********0002');
  });
});

describe('phone numbers', () => {
  it.each([
    ['0812-3456-7890', '+6281234567890'],
    ['+62 812 3456 7890', '+6281234567890'],
    ['6281234567890', '+6281234567890'],
    ['0812 3456 789', '+628123456789'],
  ])('normalises %s to E.164', (raw, e164) => {
    expect(normalisePhone(raw)).toBe(e164);
  });

  it('rejects numbers that are not Indonesian phones', () => {
    expect(normalisePhone('12345')).toBeNull();
    expect(normalisePhone('+1 650 253 0000')).toBeNull();
  });

  it('finds phones in text without confusing them with a NIK', () => {
    const r = extractEntities('hubungi sy di 0812-3456-7890, NIK 3603124501880002');
    expect(r.entities.phones).toEqual(['+6281234567890']);
    expect(r.entities.niks).toEqual(['3603124501880002']);
  });

  it('masks phones for logs', () => {
    expect(maskPhone('+628123456789')).toBe('+62812****789');
    const masked = maskSensitive('nik 3603124501880002 hp 081234567890');
    expect(masked).not.toContain('3603124501880002');
    expect(masked).not.toContain('081234567890');
    expect(masked).toContain('3603********0002');
  });
});

describe('application numbers', () => {
  it('finds the default formats, case-insensitive and tolerant of spaces', () => {
    expect(extractEntities('permohonan PBG/2025/10/00456 posisinya').entities.applicationNumbers).toEqual(['PBG/2025/10/00456']);
    expect(extractEntities('status sip-2025-000123?').entities.applicationNumbers).toEqual(['SIP-2025-000123']);
    expect(extractEntities('nomor SIP - 2025 - 004571').entities.applicationNumbers).toEqual(['SIP-2025-004571']);
    expect(extractEntities('pbg / 2025 / 3 / 1234').entities.applicationNumbers).toEqual(['PBG/2025/3/1234']);
  });

  it('does not treat ordinary text as an application number', () => {
    expect(extractEntities('izin sip dokter 2025').entities.applicationNumbers).toEqual([]);
  });

  it('accepts configured patterns', () => {
    const patterns = compileAppNumberPatterns(['REG\\.\\d{6}']);
    expect(extractEntities('nomor reg.123456 dan SIP-2025-000123', patterns).entities.applicationNumbers).toEqual(['REG.123456']);
  });
});
