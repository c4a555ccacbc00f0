import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ChannelAdapter, ChannelHealth, PermanentSendError, PhoneCalls, SendResult } from '../../src/hub/ports';
import { AmiClient } from './ami-client';
import type { PhoneConfig } from './phone.config';

export const PHONE_CHANNEL = 'phone';
export const PHONE_CONFIG = Symbol('PHONE_CONFIG');

/**
 * The call center. Calls come in as call-log events (AMI or the cloud PBX
 * webhook), not messages; officers note calls in the conversation. Nothing
 * written goes out by phone: a written reply must go by WhatsApp or SMS, so
 * send() refuses rather than pretend it was said.
 */
@Injectable()
export class PhoneAdapter implements ChannelAdapter, OnApplicationShutdown {
  readonly channel = PHONE_CHANNEL;
  readonly sendInline = true;
  readonly ami: AmiClient;

  constructor(
    @Inject(PHONE_CONFIG) readonly cfg: PhoneConfig,
    calls: PhoneCalls,
  ) {
    this.ami = new AmiClient(cfg, (e) => calls.record(e));
  }

  get webhookEnabled(): boolean {
    return !!this.cfg.PHONE_EVENTS_SECRET;
  }

  start(): void {
    this.ami.start();
  }

  async send(): Promise<SendResult> {
    throw new PermanentSendError('Kanal telepon tidak mengirim pesan tertulis: sampaikan lewat telepon, atau balas setelah warga menulis di WhatsApp.');
  }

  health(): ChannelHealth {
    if (this.ami.state !== 'off')
      return {
        state: this.ami.state === 'up' ? 'up' : 'down',
        detail: this.ami.detail ?? `AMI ${this.ami.state}`,
        message: this.ami.state === 'up' ? 'Tersambung ke PBX (AMI).' : 'Tidak tersambung ke PBX (AMI); dicoba lagi.',
      };
    return {
      state: 'up',
      detail: this.webhookEnabled ? 'webhook' : 'call form only',
      message: this.webhookEnabled ? 'Panggilan diterima lewat webhook PBX.' : 'Hanya formulir panggilan (PBX belum disambungkan).',
    };
  }

  onApplicationShutdown(): void {
    this.ami.stop();
  }
}
