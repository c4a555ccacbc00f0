import { z } from 'zod';

/**
 * The documented shape of an entry. Bodies are checked by the knowledge base's
 * own rules (kb.validation, the file loader's), so the console and the files
 * accept exactly the same entries and errors name the field in Indonesian.
 */
export const entryDoc = z.object({
  id: z.string().describe('huruf kecil, angka dan -, sama dengan nama berkas knowledge-base/<id>.md'),
  title: z.string(),
  questions: z.array(z.string()).describe('minimal 6 contoh pertanyaan'),
  answer: z.string(),
  answerEn: z.string().optional(),
  links: z.array(z.object({ label: z.string(), url: z.string() })).optional(),
  related: z.array(z.string()).optional(),
  tags: z.array(z.string()).optional(),
  sources: z.array(z.string()).optional(),
  media: z.array(z.object({ type: z.enum(['image', 'video']), url: z.string(), alt: z.string().optional(), title: z.string().optional() })).optional(),
});
export const entryUpdateDoc = entryDoc.omit({ id: true });

export const publishBody = z.object({ note: z.string().trim().max(500).optional() }).strict();
export const rollbackBody = z.object({ version: z.number().int().positive(), note: z.string().trim().max(500).optional() }).strict();
export const diffQuery = z.object({ from: z.coerce.number().int().min(0), to: z.coerce.number().int().min(0).optional() }).strict();
export const tryBody = z
  .object({
    question: z.string().trim().min(1, 'question: tulis pertanyaan yang ingin dicoba').max(500),
    /** The draft of this entry is tried (default: every draft). */
    entryId: z.string().max(80).optional(),
  })
  .strict();

export const officeValuesBody = z
  .object({
    values: z.record(z.string().max(120), z.string().max(1000)),
    note: z.string().trim().max(500).optional(),
  })
  .strict();
