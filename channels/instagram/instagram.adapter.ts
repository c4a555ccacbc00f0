import { Inject, Injectable } from '@nestjs/common';
import { HUB_CONFIG, ResolvedConfig } from '../../src/config/hub-config';
import { ChannelConversations, ChannelJobs, InboundIngress } from '../../src/hub/ports';
import { MetaMessagingAdapter } from '../meta-messaging-adapter';
import { InstagramConfig } from './instagram.config';

export const INSTAGRAM_CONFIG = Symbol('INSTAGRAM_CONFIG');
export const INSTAGRAM_CHANNEL = 'instagram';

/** Instagram through Meta's Messenger Platform; a citizen is known by their Instagram-scoped id (IGSID). */
@Injectable()
export class InstagramAdapter extends MetaMessagingAdapter {
  constructor(
    @Inject(INSTAGRAM_CONFIG) cfg: InstagramConfig,
    @Inject(HUB_CONFIG) hub: ResolvedConfig,
    conversations: ChannelConversations,
    ingress: InboundIngress,
    jobs: ChannelJobs,
  ) {
    super(
      {
        channel: INSTAGRAM_CHANNEL,
        object: 'instagram',
        label: 'Instagram',
        token: cfg.INSTAGRAM_ACCESS_TOKEN,
        tokenVariable: 'INSTAGRAM_ACCESS_TOKEN',
        appSecret: cfg.INSTAGRAM_APP_SECRET,
        verifyToken: cfg.INSTAGRAM_VERIFY_TOKEN,
        apiRoot: cfg.INSTAGRAM_API_ROOT,
        maxText: 1000,
        dataDir: hub.dataDir,
      },
      conversations,
      ingress,
      jobs,
    );
  }
}
