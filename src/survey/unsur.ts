import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { projectPath } from '../common/paths';

export type SurveyLang = 'id' | 'en';
export const UNSUR_CODES = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9'] as const;
export type UnsurCode = (typeof UNSUR_CODES)[number];

/** One element as the citizen reads it: its name, the question and the four answers (index 0 = value 1). */
export interface UnsurText {
  code: UnsurCode;
  name: string;
  question: string;
  answers: [string, string, string, string];
}

const textSchema = z.object({
  name: z.string().min(1),
  question: z.string().min(1),
  answers: z.tuple([z.string().min(1), z.string().min(1), z.string().min(1), z.string().min(1)]),
});
const fileSchema = z.object(Object.fromEntries(UNSUR_CODES.map((c) => [c, z.object({ id: textSchema, en: textSchema }).strict()]))).strict();

export const UNSUR_FILE = projectPath('resources', 'survey', 'unsur.yaml');

/** The nine elements in both languages, from resources/survey/unsur.yaml (checked when read: a broken file stops the hub at start). */
export function loadUnsur(file = UNSUR_FILE): Record<SurveyLang, UnsurText[]> {
  const parsed = fileSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const data = parsed.data as Record<UnsurCode, Record<SurveyLang, z.infer<typeof textSchema>>>;
  const of = (lang: SurveyLang) => UNSUR_CODES.map((code) => ({ code, ...data[code][lang] }) as UnsurText);
  return { id: of('id'), en: of('en') };
}

let loaded: Record<SurveyLang, UnsurText[]> | undefined;

export function unsurTexts(lang: SurveyLang = 'id'): UnsurText[] {
  loaded ??= loadUnsur();
  return loaded[lang];
}
