import { Inject, Injectable } from '@nestjs/common';
import { HUB_CONFIG, ResolvedConfig } from '../../src/config/hub-config';
import { ChannelConversations, ChannelJobs, InboundIngress } from '../../src/hub/ports';
import { MetaMessagingAdapter } from '../meta-messaging-adapter';
import { MessengerConfig } from './messenger.config';

export const MESSENGER_CONFIG = Symbol('MESSENGER_CONFIG');
export const MESSENGER_CHANNEL = 'messenger';

/** Facebook Messenger through Meta's Messenger Platform; a citizen is known by their page-scoped id (PSID). */
@Injectable()
export class MessengerAdapter extends MetaMessagingAdapter {
  constructor(
    @Inject(MESSENGER_CONFIG) cfg: MessengerConfig,
    @Inject(HUB_CONFIG) hub: ResolvedConfig,
    conversations: ChannelConversations,
    ingress: InboundIngress,
    jobs: ChannelJobs,
  ) {
    super(
      {
        channel: MESSENGER_CHANNEL,
        object: 'page',
        label: 'Messenger',
        token: cfg.MESSENGER_PAGE_ACCESS_TOKEN,
        tokenVariable: 'MESSENGER_PAGE_ACCESS_TOKEN',
        appSecret: cfg.MESSENGER_APP_SECRET,
        verifyToken: cfg.MESSENGER_VERIFY_TOKEN,
        apiRoot: cfg.MESSENGER_API_ROOT,
        maxText: 2000,
        dataDir: hub.dataDir,
      },
      conversations,
      ingress,
      jobs,
    );
  }
}
