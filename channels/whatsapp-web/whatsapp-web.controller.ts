import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdminGuard } from '../../src/auth/admin.guard';
import { SessionStatus, WhatsappWebAdapter } from './whatsapp-web.adapter';

/** The QR login and session state for the console's admin page. */
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('api/admin/channels/whatsapp-web')
export class WhatsappWebController {
  constructor(private readonly adapter: WhatsappWebAdapter) {}

  @Get('qr')
  async qr(): Promise<SessionStatus> {
    return this.adapter.currentStatus();
  }
}
