import { applyDecorators, BadRequestException } from '@nestjs/common';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
import { z } from 'zod';

/** `text: Too long (max 4000)` for the first problems, plus the full list for programs. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  const message = issues
    .slice(0, 3)
    .map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
    .join('; ');
  throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `Permintaan tidak valid — ${message}`, issues });
}

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  try {
    return z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
  } catch {
    return { type: 'object' };
  }
}

/** Documents a zod-validated JSON body in the OpenAPI document. */
export function ZodBody(schema: z.ZodType): MethodDecorator {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return applyDecorators(ApiBody({ schema: jsonSchema(schema) as any }));
}

/** Documents the query parameters of a zod object schema. */
export function ZodQuery(schema: z.ZodObject): MethodDecorator {
  const decorators = Object.keys(schema.shape).map((name) => ApiQuery({ name, required: false }));
  return applyDecorators(...decorators);
}

export const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'harus berupa UUID');

/** Message text an officer sends: trimmed, not empty, bounded. */
export const messageText = z
  .string({ message: 'teks wajib diisi' })
  .transform((s) => s.trim())
  .pipe(z.string().min(1, 'teks tidak boleh kosong').max(4000, 'teks terlalu panjang (maks. 4000 karakter)'));
