/** What other modules' controllers use of auth: the guard and the signed-in officer. */
export { AuthGuard } from './auth.guard';
export { CurrentUser, Roles, isSupervisor, type Principal } from '../common/principal';
