import { z } from 'zod';
import { parseEnv } from '../config/env-schema';

/** Settings of the console's knowledge editor: how big an entry's picture may be. */
const shape = {
  // Pictures go with answers to phones on slow connections: far below the officers' 10 MB file limit.
  KB_MEDIA_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .default(2 * 1024 * 1024),
};

export const knowledgeEditorConfigSchema = z.object(shape);

export type KnowledgeEditorConfig = z.infer<typeof knowledgeEditorConfigSchema>;

export const KNOWLEDGE_EDITOR_CONFIG = Symbol('KNOWLEDGE_EDITOR_CONFIG');

export const knowledgeEditorConfigDocs: Record<keyof KnowledgeEditorConfig, string> = {
  KB_MEDIA_MAX_BYTES: 'largest picture (PNG, JPEG, WebP) an officer may upload for a knowledge-base entry (POST /api/knowledge/media); default 2097152 (2 MiB)',
};

export const parseKnowledgeEditorConfig = (env: NodeJS.ProcessEnv): KnowledgeEditorConfig => parseEnv(knowledgeEditorConfigSchema, shape, env);
