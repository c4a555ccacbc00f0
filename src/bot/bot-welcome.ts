import { Injectable } from '@nestjs/common';
import { ChannelWelcome, type WelcomeMessage } from '../hub/welcome.ports';
import { mainMenu } from './flows/faq.flow';
import { botWording } from './wording';

/** The bot's answer to a greeting (the same words and menu as in the chat), for channels that show it before the citizen writes. */
@Injectable()
export class BotWelcome extends ChannelWelcome {
  welcome(lang: 'id' | 'en'): WelcomeMessage {
    const w = botWording();
    return mainMenu((key) => w.t(lang, key), w.t(lang, 'faq.greeting'));
  }
}
