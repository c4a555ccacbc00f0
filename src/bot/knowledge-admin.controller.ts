import { BadRequestException, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdminGuard } from '../auth/admin.guard';
import { KnowledgeBaseError } from '../knowledge';
import { countsOf, KnowledgeService } from './knowledge.service';

/** Reload the knowledge base without a restart (every api and worker process). */
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('api/admin/knowledge')
export class KnowledgeAdminController {
  constructor(private readonly knowledge: KnowledgeService) {}

  @Get()
  status() {
    return countsOf(this.knowledge.current());
  }

  @Post('reload')
  @HttpCode(200)
  async reload() {
    try {
      return { ok: true, ...(await this.knowledge.reload()) };
    } catch (err) {
      if (err instanceof KnowledgeBaseError) throw new BadRequestException({ ok: false, file: err.file, problem: err.problem, message: err.message });
      if (err instanceof Error && /office config|placeholder/i.test(err.message)) throw new BadRequestException({ ok: false, message: err.message });
      throw err;
    }
  }
}
