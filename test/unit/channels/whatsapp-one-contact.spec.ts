import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ContactsRepository } from '../../../src/contacts/contacts.repository';
import { EntityStatements } from '../../../src/database/entity-statements';
import { dataSourceOptions, initializeDataSource } from '../../../src/database/data-source';
import { ENTITIES } from '../../../src/entities';
import { parseWhatsappWebhook } from '../../../channels/whatsapp-cloud/whatsapp-cloud.normalize';
import { normalizeWwebjsMessage } from '../../../channels/whatsapp-web/whatsapp-web.normalize';

describe('one phone, one contact across both WhatsApp transports', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wa-contact-'));
  let ds: DataSource;

  beforeAll(async () => {
    ds = await initializeDataSource(dataSourceOptions({ DATABASE_URL: undefined, DATABASE_SCHEMA: undefined, dataDir: dir }, ENTITIES));
  });

  afterAll(async () => {
    await ds?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('maps the Cloud wa_id and the whatsapp-web.js chat id of one number to the same identity and contact', async () => {
    const cloud = parseWhatsappWebhook(
      {
        object: 'whatsapp_business_account',
        entry: [
          {
            id: '1',
            changes: [
              {
                field: 'messages',
                value: {
                  metadata: { phone_number_id: '106540352242922' },
                  contacts: [{ profile: { name: 'Budi' }, wa_id: '6281234567890' }],
                  messages: [{ from: '6281234567890', id: 'wamid.A', timestamp: '1764300000', type: 'text', text: { body: 'halo' } }],
                },
              },
            ],
          },
        ],
      },
      '106540352242922',
    ).messages[0];
    const web = await normalizeWwebjsMessage({
      id: { _serialized: 'false_6281234567890@c.us_3EB0A', fromMe: false },
      from: '6281234567890@c.us',
      body: 'halo lagi',
      type: 'chat',
      timestamp: 1764300100,
      _data: { notifyName: 'Budi' },
    });
    expect(cloud.sender).toEqual({ kind: 'phone', externalId: '+6281234567890', phone: '+6281234567890', displayName: 'Budi' });
    expect(web!.sender).toEqual(cloud.sender);
    expect(cloud.channel).toBe(web!.channel);

    const repo = new ContactsRepository(new EntityStatements(ds));
    const a = await ds.transaction((m) => repo.findOrCreateByIdentity(m, cloud.sender));
    const b = await ds.transaction((m) => repo.findOrCreateByIdentity(m, web!.sender));
    expect(b.contact.id).toBe(a.contact.id);
    expect(b.identity.id).toBe(a.identity.id);
    expect(a.contact.phone).toBe('+6281234567890');
    // A counter visit that records the same phone (identity kind 'phone') lands on the same contact.
    const counter = await ds.transaction((m) => repo.findOrCreateByIdentity(m, { kind: 'phone', externalId: '+6281234567890', displayName: 'Budi S.' }));
    expect(counter.contact.id).toBe(a.contact.id);
  });
});
