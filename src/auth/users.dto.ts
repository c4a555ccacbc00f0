import { z } from 'zod';
import { USER_ROLES } from '../common/principal';
import type { UserRole } from '../schema/user.entity';

const roleSchema = z.enum(USER_ROLES as [UserRole, ...UserRole[]], { message: `peran harus salah satu dari ${USER_ROLES.join(', ')}` });
const password = z.string().min(10, 'kata sandi minimal 10 karakter').max(200);

export const createUserSchema = z
  .object({
    email: z.email('e-mail tidak valid').transform((s) => s.toLowerCase()),
    name: z.string().trim().min(1, 'nama wajib diisi').max(200),
    role: roleSchema,
    password,
    agencyCode: z.string().trim().max(32).nullish(),
    capacity: z.number().int().min(0).max(200).optional(),
    extension: z
      .string()
      .trim()
      .regex(/^[0-9*#]{2,20}$/, 'ekstensi harus 2-20 digit')
      .nullish(),
    teamIds: z.array(z.string().length(36)).max(50).optional(),
  })
  .strict();

export const updateUserSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    role: roleSchema.optional(),
    password: password.optional(),
    agencyCode: z.string().trim().max(32).nullish(),
    capacity: z.number().int().min(0).max(200).optional(),
    extension: z
      .string()
      .trim()
      .regex(/^[0-9*#]{2,20}$/, 'ekstensi harus 2-20 digit')
      .nullish(),
    active: z.boolean().optional(),
    teamIds: z.array(z.string().length(36)).max(50).optional(),
  })
  .strict();

/** What a supervisor may change (capacity and teams). */
export const supervisorUpdateSchema = updateUserSchema.pick({ capacity: true, teamIds: true }).strict();

export type CreateUser = z.infer<typeof createUserSchema>;
export type UpdateUser = z.infer<typeof updateUserSchema>;
