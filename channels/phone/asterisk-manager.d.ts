// asterisk-manager ships no types: the part of its API the phone channel uses.
declare module 'asterisk-manager' {
  import { EventEmitter } from 'node:events';

  /** An AMI event or response, keys lower-cased by the library ("calleridnum", "destchannel"). */
  export type AmiMessage = Record<string, string | string[] | Record<string, string> | undefined>;

  interface AsteriskManager extends EventEmitter {
    keepConnected(): void;
    isConnected(): boolean;
    action(action: Record<string, string>, callback?: (err: AmiMessage | undefined, res: AmiMessage) => void): string;
    disconnect(callback?: () => void): void;
  }

  function Manager(port: number, host: string, username: string, secret: string, events: boolean): AsteriskManager;
  export default Manager;
  export type { AsteriskManager };
}
