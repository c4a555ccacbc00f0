import { z } from 'zod';
import { parseEnv } from '../config/env-schema';

/** Settings of the console's knowledge editor: how big an entry's picture may be, when an unused one goes. */
const shape = {
  // Pictures go with answers to phones on slow connections: far below the officers' 10 MB file limit.
  KB_MEDIA_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .default(2 * 1024 * 1024),
  // An upload becomes referenced when its draft is saved; a day covers an officer's editing session.
  KB_MEDIA_UNUSED_HOURS: z.coerce
    .number()
    .min(1)
    .max(24 * 365)
    .default(24),
};

export const knowledgeEditorConfigSchema = z.object(shape);

export type KnowledgeEditorConfig = z.infer<typeof knowledgeEditorConfigSchema>;

export const KNOWLEDGE_EDITOR_CONFIG = Symbol('KNOWLEDGE_EDITOR_CONFIG');

export const knowledgeEditorConfigDocs: Record<keyof KnowledgeEditorConfig, string> = {
  KB_MEDIA_MAX_BYTES: 'largest picture (PNG, JPEG, WebP) an officer may upload for a knowledge-base entry (POST /api/knowledge/media); default 2097152 (2 MiB)',
  KB_MEDIA_UNUSED_HOURS:
    'an uploaded picture that no entry version or draft names is deleted from DATA_DIR/media/kb once it is this many hours old (checked at start and every 6 hours by api processes); default 24',
};

export const parseKnowledgeEditorConfig = (env: NodeJS.ProcessEnv): KnowledgeEditorConfig => parseEnv(knowledgeEditorConfigSchema, shape, env);
