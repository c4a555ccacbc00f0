import { z } from 'zod';

export const loginSchema = z
  .object({ email: z.string().trim().min(3, 'e-mail wajib diisi').max(200), password: z.string().min(1, 'kata sandi wajib diisi').max(200) })
  .strict();

/** The refresh token in the body; left out when the console keeps it in the cookie. */
export const refreshSchema = z.object({ refreshToken: z.string().min(10, 'refreshToken wajib diisi').max(200).optional() }).strict();

export const logoutSchema = refreshSchema;
