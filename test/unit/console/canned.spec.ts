import { DEMO_CANNED } from '../../../src/console/canned-demo';
import { cannedSchema } from '../../../src/console/canned.dto';
import { fillPlaceholders, placeholdersIn } from '../../../src/console/canned.service';
import { slaState } from '../../../src/console/views';
import type { ConversationSla } from '../../../src/schema/sla.entity';

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
  it('takes the Indonesian names officers write: {{nama}}, {{nomor_permohonan}}, {{nomor_tiket}}, {{petugas}}', () => {
    const r = fillPlaceholders('Halo {{nama}}, permohonan {{ nomor_permohonan }} (tiket {{nomor_tiket}}). Salam, {{petugas}} {{tidak_dikenal}}', {
      'contact.name': 'Budi',
      'application.number': 'PBG-2025-0001',
      'conversation.reference': 'LB-251201-ABC234',
      'agent.name': 'Agus',
    });
    expect(r).toEqual({ text: 'Halo Budi, permohonan PBG-2025-0001 (tiket LB-251201-ABC234). Salam, Agus {{tidak_dikenal}}', missing: [] });
    expect(placeholdersIn('{{nama}} {{contact.name}} {{nomor_permohonan}} {{x}}')).toEqual(['contact.name', 'application.number']);
  });

  it('the demo responses use only known placeholders, have unique shortcuts and valid ones', () => {
    expect(DEMO_CANNED.length).toBeGreaterThanOrEqual(12);
    expect(new Set(DEMO_CANNED.map((d) => d.shortcut)).size).toBe(DEMO_CANNED.length);
    for (const d of DEMO_CANNED) {
      expect(cannedSchema.safeParse({ shortcut: d.shortcut, title: d.title, text: d.text }).success).toBe(true);
      expect(fillPlaceholders(d.text, { 'contact.name': 'A', 'application.number': 'B', 'conversation.reference': 'C', 'agent.name': 'D' }).text).not.toMatch(
        /\{\{/,
      );
    }
  });
});

describe('SLA state of a conversation', () => {
  const start = new Date('2025-12-01T01:00:00Z');
  const sla = (due: string, breached: string | null = null) =>
    ({
      conversationId: 'c',
      startedAt: start,
      firstResponseDueAt: new Date(due),
      resolutionDueAt: new Date('2025-12-03T01:00:00Z'),
      firstResponseBreachedAt: breached ? new Date(breached) : null,
      resolutionBreachedAt: null,
    }) as ConversationSla;
  const pending = { status: 'pending' as const, firstResponseAt: null };

  it('is ok early, soon in the last quarter (or 15 minutes), breached once due or marked', () => {
    const now = new Date('2025-12-01T02:00:00Z');
    // 4 h window, 3 h left.
    expect(slaState(pending, sla('2025-12-01T05:00:00Z'), now)).toEqual({ state: 'ok', target: 'first', dueAt: '2025-12-01T05:00:00.000Z' });
    // 4 h window, 50 min left (< 1 h).
    expect(slaState(pending, sla('2025-12-01T05:00:00Z'), new Date('2025-12-01T04:10:00Z'))?.state).toBe('soon');
    // 30 min window, 14 min left: the 15-minute floor.
    expect(slaState(pending, sla('2025-12-01T01:30:00Z'), new Date('2025-12-01T01:16:00Z'))?.state).toBe('soon');
    expect(slaState(pending, sla('2025-12-01T01:30:00Z'), new Date('2025-12-01T01:31:00Z'))?.state).toBe('breached');
    expect(slaState(pending, sla('2025-12-01T05:00:00Z', '2025-12-01T01:59:00Z'), now)?.state).toBe('breached');
  });

  it('follows resolution once answered; none for the bot’s or resolved conversations', () => {
    const now = new Date('2025-12-01T02:00:00Z');
    const answered = { status: 'open' as const, firstResponseAt: new Date('2025-12-01T01:10:00Z') };
    expect(slaState(answered, sla('2025-12-01T01:05:00Z', '2025-12-01T01:05:00Z'), now)).toEqual({
      state: 'ok',
      target: 'resolution',
      dueAt: '2025-12-03T01:00:00.000Z',
    });
    expect(slaState({ status: 'resolved', firstResponseAt: null }, sla('2025-12-01T05:00:00Z'), now)).toBeNull();
    expect(slaState(pending, null, now)).toBeNull();
  });
});
