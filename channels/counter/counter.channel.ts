import type { ChannelDefinition } from '../../src/hub/ports';
import { COUNTER_CHANNEL } from './counter.adapter';
import { CounterChannelModule } from './counter.module';

/** The MPP counter: officers write for the citizen in front of them. */
export const counterChannel: ChannelDefinition = { folder: 'counter', channel: COUNTER_CHANNEL, label: 'Loket MPP', module: CounterChannelModule };
