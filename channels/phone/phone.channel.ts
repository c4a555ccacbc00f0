import type { ChannelDefinition } from '../../src/hub/ports';
import { PHONE_CHANNEL } from './phone.adapter';
import { loadPhoneConfig, phoneConfigDocs } from './phone.config';
import { PhoneChannelModule } from './phone.module';

/** The call center: calls noted by officers, AMI screen pops and a cloud PBX webhook. */
export const phoneChannel: ChannelDefinition = {
  folder: 'phone',
  channel: PHONE_CHANNEL,
  label: 'Telepon',
  module: PhoneChannelModule,
  config: { title: 'Phone (call center)', docs: phoneConfigDocs, check: loadPhoneConfig },
};
