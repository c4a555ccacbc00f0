import { Injectable } from '@nestjs/common';
import { ChannelAdapter } from './channel-adapter';

/** Where adapters register themselves; the outbound workers look them up by channel name. */
@Injectable()
export class ChannelRegistry {
  private readonly adapters = new Map<string, ChannelAdapter>();
  private readonly listeners: ((a: ChannelAdapter) => void)[] = [];

  register(adapter: ChannelAdapter): void {
    if (this.adapters.has(adapter.channel)) throw new Error(`channel ${adapter.channel} registered twice`);
    this.adapters.set(adapter.channel, adapter);
    for (const l of this.listeners) l(adapter);
  }

  get(channel: string): ChannelAdapter | undefined {
    return this.adapters.get(channel);
  }

  all(): ChannelAdapter[] {
    return [...this.adapters.values()];
  }

  /** Called for every adapter, already registered or registered later. */
  onRegister(listener: (a: ChannelAdapter) => void): void {
    this.listeners.push(listener);
    for (const a of this.adapters.values()) listener(a);
  }
}
