import { InitialSchema1764300000000 } from './1764300000000-InitialSchema';

/** Every migration in order; listed explicitly so compiled and source runs agree. */
export const MIGRATIONS = [InitialSchema1764300000000];
