import { DynamicModule, Global, Module } from '@nestjs/common';
import { HUB_CONFIG, ResolvedConfig } from './hub-config';

@Global()
@Module({})
export class ConfigModule {
  static forRoot(cfg: ResolvedConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: HUB_CONFIG, useValue: cfg }], exports: [HUB_CONFIG] };
  }
}
