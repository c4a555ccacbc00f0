/** What other modules' controllers use of auth: the guard (roles via src/auth/principal.ts). */
export { AuthGuard } from './auth.guard';
