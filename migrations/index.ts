import { InitialSchema1764300000000 } from './1764300000000-InitialSchema';
import { BotPermits1764400000000 } from './1764400000000-BotPermits';
import { Console1764500000000 } from './1764500000000-Console';
import { PermitEvents1764600000000 } from './1764600000000-PermitEvents';
import { PhoneCalls1764700000000 } from './1764700000000-PhoneCalls';
import { Survey1764800000000 } from './1764800000000-Survey';
import { KnowledgeEditor1764900000000 } from './1764900000000-KnowledgeEditor';
import { Reports1765000000000 } from './1765000000000-Reports';
import { NotesForAgency1765500000000 } from './1765500000000-NotesForAgency';
import { ContactNotes1765400000000 } from './1765400000000-ContactNotes';

/** Every migration in order; listed explicitly so compiled and source runs agree. */
export const MIGRATIONS = [
  InitialSchema1764300000000,
  BotPermits1764400000000,
  Console1764500000000,
  PermitEvents1764600000000,
  PhoneCalls1764700000000,
  Survey1764800000000,
  KnowledgeEditor1764900000000,
  Reports1765000000000,
  ContactNotes1765400000000,
  NotesForAgency1765500000000,
];
