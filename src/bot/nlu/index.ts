export { NluEngine, DEFAULT_TUNING, type NluBuildOptions, type NluTuning } from './nlu-engine';
export type { NluResult, NluCandidate, NluDecision } from './nlu.types';
export { extractEntities, isPlausibleNik, normalisePhone, maskNik, maskPhone, maskSensitive, DEFAULT_APP_NUMBER_PATTERNS, type Entities } from './entities';
export { detectLanguage, type Lang } from './language';
export { Normaliser, type NormalisedText } from './normaliser';
