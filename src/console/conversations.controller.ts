import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Injectable,
  Param,
  ParseUUIDPipe,
  ParseIntPipe,
  Post,
  Put,
  Query,
  Res,
  UploadedFile,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthGuard } from '../auth/auth.guard';
import { CurrentUser, Principal, Roles } from '../common/principal';
import { AssignAction } from './actions/assign.action';
import { AttachAction } from './actions/attach.action';
import { LabelsAction } from './actions/labels.action';
import { NoteAction } from './actions/note.action';
import { ReferAction } from './actions/refer.action';
import { ReopenAction } from './actions/reopen.action';
import { ReplyAction } from './actions/reply.action';
import { ResolveAction } from './actions/resolve.action';
import { TransferAction } from './actions/transfer.action';
import { UnassignAction } from './actions/unassign.action';
import { AttachmentsService } from './attachments.service';
import { AssigneesService } from './assignees.service';
import { ConversationQueries } from './conversation-queries.service';
import { assignBody, labelsBody, listQuerySchema, messagesQuery, noteBody, referBody, syncQuery, textBody, transferBody } from './conversations.dto';
import { parseInput, ZodBody, ZodQuery } from '../common/validation';
import { OFFICERS } from './officers';
import { CONSOLE_CONFIG, ConsoleConfig } from './console.config';
import { UploadErrorsInterceptor, type UploadedFileLike } from '../common/uploads';
import { sendStoredFile } from '../common/stored-file-response';

/** multer's refusals in the officer's language, with the officers' file limit. */
@Injectable()
class UploadErrors extends UploadErrorsInterceptor {
  constructor(@Inject(CONSOLE_CONFIG) private readonly cfg: ConsoleConfig) {
    super();
  }

  protected maxBytes(): number {
    return this.cfg.ATTACHMENT_MAX_BYTES;
  }
}

/**
 * The console's conversations. Every route answers 404 for a conversation
 * the officer may not see (agency officers: only those referred to them).
 */
@ApiTags('console')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api/conversations')
export class ConversationsController {
  constructor(
    private readonly queries: ConversationQueries,
    private readonly attachments: AttachmentsService,
    private readonly assignees: AssigneesService,
    private readonly replies: ReplyAction,
    private readonly attach: AttachAction,
    private readonly notes: NoteAction,
    private readonly assignment: AssignAction,
    private readonly unassignment: UnassignAction,
    private readonly transfers: TransferAction,
    private readonly referrals: ReferAction,
    private readonly resolution: ResolveAction,
    private readonly reopening: ReopenAction,
    private readonly labelling: LabelsAction,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List (newest activity first), filtered, cursor-paginated: { items, nextCursor }' })
  @ZodQuery(listQuerySchema)
  list(@CurrentUser() p: Principal, @Query() q: unknown) {
    return this.queries.list(p, parseInput(listQuerySchema, q));
  }

  @Get('sync')
  @ApiOperation({ summary: 'Conversations changed since a moment (catch-up after a long disconnect): { items, complete, until }' })
  @ZodQuery(syncQuery)
  sync(@CurrentUser() p: Principal, @Query() q: unknown) {
    return this.queries.changedSince(p, new Date(parseInput(syncQuery, q).since));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One conversation with its latest 50 messages (private notes included), referrals and SLA' })
  get(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.queries.get(p, id);
  }

  @Get(':id/assignees')
  @Roles(...OFFICERS)
  @ApiOperation({ summary: 'Who the conversation can be handed to: active agents and supervisors of its team, with presence and open load' })
  assigneesOf(@CurrentUser() p: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.assignees.of(p, id);
  }

  @Get(':id/messages/:messageId/attachments/:index')
  @ApiOperation({ summary: 'A file the citizen sent (image, PDF), as stored by its channel; audited as a view of personal data' })
  async attachment(
    @CurrentUser() p: Principal,
    @Param('id') id: string,
    @Param('messageId') messageId: string,
    @Param('index', ParseIntPipe) index: number,
    @Res() res: Response,
  ): Promise<void> {
    const f = await this.attachments.open(p, id, messageId, index);
    sendStoredFile(res, { path: f.path, mimeType: f.mimeType, size: f.size, fileName: f.fileName, disposition: 'inline', cacheControl: 'private, no-store' });
  }

  @Get(':id/messages')
  @ZodQuery(messagesQuery)
  messages(@CurrentUser() p: Principal, @Param('id') id: string, @Query() q: unknown) {
    const query = parseInput(messagesQuery, q);
    return this.queries.messagesOf(p, id, query.before, query.limit);
  }

  @Post(':id/messages')
  @ApiOperation({ summary: 'Reply to the citizen on the channel of their latest message; a human reply silences the bot' })
  @ZodBody(textBody)
  reply(@CurrentUser() p: Principal, @Param('id') id: string, @Body() body: unknown) {
    return this.replies.execute(p, id, parseInput(textBody, body).text);
  }

  @Post(':id/attachments')
  @ApiOperation({
    summary: 'Send a file (PDF, PNG, JPEG, WebP; type checked from its bytes) to the citizen as a message of its own, on the channel of their latest message',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @UseInterceptors(UploadErrors, FileInterceptor('file'))
  sendFile(@CurrentUser() p: Principal, @Param('id') id: string, @UploadedFile() file: UploadedFileLike | undefined) {
    return this.attach.execute(p, id, file);
  }

  @Post(':id/notes')
  @ApiOperation({
    summary: 'Private note for officers; never sent to the citizen. Agency officers see it only with forAgency (or when they wrote it)',
  })
  @ZodBody(noteBody)
  note(@CurrentUser() p: Principal, @Param('id') id: string, @Body() body: unknown) {
    const b = parseInput(noteBody, body);
    return this.notes.execute(p, id, b.text, b.forAgency ?? false);
  }

  @Post(':id/assign')
  @HttpCode(200)
  @Roles(...OFFICERS)
  @ZodBody(assignBody)
  assign(@CurrentUser() p: Principal, @Param('id') id: string, @Body() body: unknown) {
    const { userId } = parseInput(assignBody, body);
    return this.assignment.execute(p, id, userId === 'me' ? p.id : userId);
  }

  @Post(':id/unassign')
  @HttpCode(200)
  @Roles(...OFFICERS)
  unassign(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.unassignment.execute(p, id);
  }

  @Post(':id/transfer')
  @HttpCode(200)
  @Roles(...OFFICERS)
  @ZodBody(transferBody)
  transfer(@CurrentUser() p: Principal, @Param('id') id: string, @Body() body: unknown) {
    const b = parseInput(transferBody, body);
    return this.transfers.execute(p, id, b.teamId, b.note);
  }

  @Post(':id/refer')
  @Roles(...OFFICERS)
  @ApiOperation({ summary: 'Refer to a technical agency with a due date in working days; the citizen is told by when' })
  @ZodBody(referBody)
  refer(@CurrentUser() p: Principal, @Param('id') id: string, @Body() body: unknown) {
    return this.referrals.execute(p, id, parseInput(referBody, body));
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @Roles(...OFFICERS)
  resolve(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.resolution.execute(p, id);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @Roles(...OFFICERS)
  reopen(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.reopening.execute(p, id);
  }

  @Put(':id/labels')
  @Roles(...OFFICERS)
  @ZodBody(labelsBody)
  labels(@CurrentUser() p: Principal, @Param('id') id: string, @Body() body: unknown) {
    return this.labelling.execute(p, id, parseInput(labelsBody, body).labels);
  }
}
