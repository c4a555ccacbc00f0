/** What other modules' guarded controllers use of auth (see AuthModule). */
export { AuthGuard } from './auth.guard';
