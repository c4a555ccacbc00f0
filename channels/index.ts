import { WebchatModule } from './webchat/webchat.module';

/** Every channel the hub runs. Adding a channel: one folder here and one line below. */
export const CHANNEL_MODULES = [WebchatModule];
