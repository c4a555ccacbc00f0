import { Controller, Get, Inject, NotFoundException, Param, ParseIntPipe, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { kbPictureNameOfRef, kbPictureUrl } from '../../src/common/kb-pictures';
import { sendStoredFile } from '../../src/common/stored-file-response';
import { HUB_CONFIG, ResolvedConfig } from '../../src/config/hub-config';
import { AttachmentMeta, ChannelConversations } from '../../src/hub/ports';

/** Officers' files live at media/outbound/<random key>.<ext>: the key doubles as the download link's secret. */
const OUTBOUND_REF = /^media\/outbound\/([A-Za-z0-9_-]{16,64})\.(pdf|png|jpg|webp)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the widget gets of an attachment: never the hub's storage path. */
export interface WidgetAttachment {
  kind: AttachmentMeta['kind'];
  /** Absolute (a video) or relative to the hub (a file served below, a knowledge-base picture at /media/kb/). */
  url: string;
  mimeType?: string;
  size?: number;
  fileName?: string;
  alt?: string;
}

/** The widget's view of a message's attachments: stored files become download links, addresses pass as they are. */
export function widgetAttachments(messageId: string, attachments: AttachmentMeta[] | undefined): WidgetAttachment[] {
  const out: WidgetAttachment[] = [];
  (attachments ?? []).forEach((a, i) => {
    const key = a.ref ? OUTBOUND_REF.exec(a.ref)?.[1] : undefined;
    // A knowledge-base picture is public at its own content-hash address (GET /media/kb/<name>).
    const picture = kbPictureNameOfRef(a.ref);
    const url =
      a.url && /^https?:\/\//.test(a.url)
        ? a.url
        : key
          ? `/webchat/files/${messageId}/${i}/${key}`
          : picture && a.kind === 'image'
            ? kbPictureUrl(picture)
            : undefined;
    if (!url) return;
    out.push({
      kind: a.kind,
      url,
      ...(a.mimeType ? { mimeType: a.mimeType } : {}),
      ...(a.size ? { size: a.size } : {}),
      ...(a.fileName ? { fileName: a.fileName } : {}),
      ...(a.alt ? { alt: a.alt } : {}),
    });
  });
  return out;
}

/**
 * Serves an officer's file to the visitor's browser. The widget sits on other
 * sites and cannot send the visitor token with a plain link, so the link
 * carries the file's random name instead (unguessable, 144 bits); it only
 * opens files the hub sent on the web chat. Same safe headers as the
 * console's attachments: never rendered as a page of ours.
 */
@ApiExcludeController()
@Controller('webchat/files')
export class WebchatFilesController {
  constructor(
    @Inject(HUB_CONFIG) private readonly hub: ResolvedConfig,
    private readonly conversations: ChannelConversations,
  ) {}

  @Get(':messageId/:index/:key')
  async file(
    @Param('messageId') messageId: string,
    @Param('index', ParseIntPipe) index: number,
    @Param('key') key: string,
    @Res() res: Response,
  ): Promise<void> {
    const notFound = new NotFoundException('Berkas tidak ditemukan.');
    if (!UUID.test(messageId) || index < 0 || index > 20) throw notFound;
    const found = await this.conversations.outboundAttachment(messageId, index);
    const m = found?.channel === 'webchat' && found.attachment.ref ? OUTBOUND_REF.exec(found.attachment.ref) : null;
    if (!m || m[1].length !== key.length || !timingSafeEqual(Buffer.from(m[1]), Buffer.from(key))) throw notFound;
    const root = resolve(this.hub.dataDir);
    const path = resolve(root, found!.attachment.ref!);
    if (!path.startsWith(root + sep) || !existsSync(path)) throw notFound;
    const a = found!.attachment;
    const fileName = (a.fileName ?? `lampiran.${m[2]}`).replace(/[^\w.\- ]/g, '_').slice(0, 120);
    sendStoredFile(res, {
      path,
      mimeType: a.mimeType ?? 'application/octet-stream',
      size: statSync(path).size,
      fileName,
      disposition: a.kind === 'image' ? 'inline' : 'attachment',
      cacheControl: 'private, max-age=3600',
      // The widget's page is on another site: its <img> may load this.
      crossOrigin: true,
    });
  }
}
