import { Injectable } from '@nestjs/common';
import { ConversationResponder, ResponderContext, ResponderDecision } from './responder';

/** The hub's answer before any bot is configured: a greeting and the menu. */
@Injectable()
export class WelcomeResponder implements ConversationResponder {
  async respond(_ctx: ResponderContext): Promise<ResponderDecision> {
    return {
      replies: [
        {
          senderKind: 'bot',
          text:
            'Halo, selamat datang di Layanan Bantuan SIPINTER DPMPTSP Kabupaten Tangerang. Silakan pilih:\n' +
            '1. Cek status izin\n2. Persyaratan & biaya\n3. Pengaduan\n4. Bicara dengan petugas',
          quickReplies: [
            { payload: '1', title: 'Cek status izin' },
            { payload: '2', title: 'Persyaratan & biaya' },
            { payload: '3', title: 'Pengaduan' },
            { payload: '4', title: 'Bicara dengan petugas' },
          ],
        },
      ],
    };
  }
}
