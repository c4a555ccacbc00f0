import type { DynamicModule, Type } from '@nestjs/common';

/** A channel's own settings: documented for .env.example and the README, checked before Nest starts. */
export interface ChannelConfig {
  /** The heading of its group in .env.example and the README's configuration table. */
  title: string;
  /** Variable name → meaning, default included. */
  docs: Record<string, string>;
  /** Throws ConfigError (exit 78) on a bad value. */
  check(env: NodeJS.ProcessEnv): void;
}

/**
 * Everything the hub needs to know about one channel folder, exported by its
 * `<folder>.channel.ts` and listed once in channels/index.ts.
 */
export interface ChannelDefinition {
  /** The folder under channels/ (one channel may have several transports, e.g. WhatsApp Cloud and Web). */
  folder: string;
  /** The channel name its adapter registers (messages, conversations and queues carry it). */
  channel: string;
  /** How officers see the channel's name. */
  label: string;
  /** The Nest module that provides the adapter and registers it in ChannelRegistry. */
  module: Type<unknown> | DynamicModule;
  config?: ChannelConfig;
}

/** The settings groups of the channels that have their own, in the channels' order. */
export function channelConfigGroups(channels: readonly ChannelDefinition[]): [string, Record<string, string>][] {
  return channels.flatMap((c) => (c.config ? [[c.config.title, c.config.docs] as [string, Record<string, string>]] : []));
}

/** Checks every channel's settings; the first bad one throws its ConfigError. */
export function checkChannelConfig(channels: readonly ChannelDefinition[], env: NodeJS.ProcessEnv): void {
  for (const c of channels) c.config?.check(env);
}

/** How officers see each channel name (transports of one channel share it). */
export function channelLabels(channels: readonly ChannelDefinition[]): Record<string, string> {
  return Object.fromEntries(channels.map((c) => [c.channel, c.label]));
}
