import { ActionRunner } from './action-runner';
import { AttachAction } from './attach.action';
import { AssignAction } from './assign.action';
import { LabelsAction } from './labels.action';
import { NoteAction } from './note.action';
import { ReferAction } from './refer.action';
import { ReopenAction } from './reopen.action';
import { ReplyAction } from './reply.action';
import { ResolveAction } from './resolve.action';
import { TransferAction } from './transfer.action';
import { UnassignAction } from './unassign.action';

/** The officers' actions on a conversation, one use case each (providers of ConsoleModule). */
export const CONVERSATION_ACTIONS = [
  ActionRunner,
  ReplyAction,
  AttachAction,
  NoteAction,
  AssignAction,
  UnassignAction,
  TransferAction,
  ResolveAction,
  ReopenAction,
  ReferAction,
  LabelsAction,
];
