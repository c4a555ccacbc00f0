import type { ChannelDefinition } from '../../src/hub/ports';
import { INSTAGRAM_CHANNEL } from './instagram.adapter';
import { loadInstagramConfig, instagramConfigDocs } from './instagram.config';
import { InstagramModule } from './instagram.module';

export const instagramChannel: ChannelDefinition = {
  folder: 'instagram',
  channel: INSTAGRAM_CHANNEL,
  label: 'Instagram',
  module: InstagramModule,
  config: { title: 'Instagram', docs: instagramConfigDocs, check: loadInstagramConfig },
};
