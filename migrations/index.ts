import { InitialSchema1764300000000 } from './1764300000000-InitialSchema';
import { BotPermits1764400000000 } from './1764400000000-BotPermits';
import { Console1764500000000 } from './1764500000000-Console';
import { PermitEvents1764600000000 } from './1764600000000-PermitEvents';
import { Reports1764700000000 } from './1764700000000-Reports';

/** Every migration in order; listed explicitly so compiled and source runs agree. */
export const MIGRATIONS = [InitialSchema1764300000000, BotPermits1764400000000, Console1764500000000, PermitEvents1764600000000, Reports1764700000000];
