import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';

/** An officer's role; the users table stores it (src/schema/user.entity.ts). */
export type UserRole = 'admin' | 'supervisor' | 'agent' | 'counter' | 'agency';

export const USER_ROLES: UserRole[] = ['admin', 'supervisor', 'agent', 'counter', 'agency'];

/** The signed-in officer, as every service sees them. */
export interface Principal {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  agencyCode: string | null;
  teamIds: string[];
  capacity: number;
}

export const isSupervisor = (p: Pick<Principal, 'role'>): boolean => p.role === 'admin' || p.role === 'supervisor';

export const ROLES_KEY = 'hub:roles';

/** Restricts a controller or route to some roles (any signed-in officer without it). */
export const Roles = (...roles: UserRole[]) => SetMetadata(ROLES_KEY, roles);

export const PUBLIC_KEY = 'hub:public';
/** A route of a guarded controller that needs no token (login, refresh). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal => {
  const req = ctx.switchToHttp().getRequest<{ principal?: Principal }>();
  return req.principal as Principal;
});
