import { Controller, Get, Inject, Injectable, NotFoundException, Param, Post, Res, UploadedFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { statSync } from 'node:fs';
import { AuthGuard, Roles } from '../auth';
import { kbPictureMime } from '../common/kb-pictures';
import { sendStoredFile } from '../common/stored-file-response';
import { UploadErrorsInterceptor, type UploadedFileLike } from '../common/uploads';
import { KbPicturesService } from './kb-pictures.service';
import { KNOWLEDGE_EDITOR_CONFIG, type KnowledgeEditorConfig } from './knowledge-editor.config';

/** multer's refusals in the officer's language, with the pictures' limit. */
@Injectable()
class PictureUploadErrors extends UploadErrorsInterceptor {
  constructor(@Inject(KNOWLEDGE_EDITOR_CONFIG) private readonly cfg: KnowledgeEditorConfig) {
    super();
  }

  protected maxBytes(): number {
    return this.cfg.KB_MEDIA_MAX_BYTES;
  }
}

/** Uploading an entry's picture: whoever may draft entries. */
@ApiTags('knowledge')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api/knowledge/media')
export class KbPictureUploadController {
  constructor(private readonly pictures: KbPicturesService) {}

  /** What the editor may upload, so its hint states the configured limit instead of the default. */
  @Get()
  @Roles('admin', 'supervisor', 'agent')
  @ApiOperation({ summary: 'The rules of picture uploads: 200 { types, maxBytes }' })
  rules() {
    return this.pictures.rules();
  }

  @Post()
  @Roles('admin', 'supervisor', 'agent')
  @ApiOperation({
    summary:
      'Upload a picture for an entry (PNG, JPEG, WebP; type checked from its bytes; at most KB_MEDIA_MAX_BYTES): 201 { url, mimeType, bytes }; the same picture twice is the same url',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @UseInterceptors(PictureUploadErrors, FileInterceptor('file'))
  upload(@UploadedFile() file: UploadedFileLike | undefined) {
    return this.pictures.upload(file);
  }
}

/**
 * The pictures, public: citizens' web chat shows them inline from other
 * sites. Served like attachments (never rendered as a page of ours) and
 * cached for good, since a name is its content's hash.
 */
@Controller('media/kb')
export class KbPicturesController {
  constructor(private readonly pictures: KbPicturesService) {}

  @Get(':name')
  @ApiExcludeEndpoint()
  file(@Param('name') name: string, @Res() res: Response): void {
    const path = this.pictures.path(name);
    if (!path) throw new NotFoundException('Gambar tidak ditemukan.');
    sendStoredFile(res, {
      path,
      mimeType: kbPictureMime(name),
      size: statSync(path).size,
      fileName: name,
      disposition: 'inline',
      cacheControl: 'public, max-age=31536000, immutable',
      crossOrigin: true,
    });
  }
}
