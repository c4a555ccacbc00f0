import type { Principal } from '../../../src/common/principal';
import type { UserRole } from '../../../src/schema/user.entity';

/** A signed-in officer of this role, for unit tests. */
export function officer(role: UserRole, over: Partial<Principal> = {}): Principal {
  return {
    id: `00000000-0000-4000-8000-00000000000${USER_ROLES_ORDER.indexOf(role)}`,
    email: `${role}@example.test`,
    name: `Petugas ${role}`,
    role,
    agencyCode: role === 'agency' ? 'PUPR' : null,
    teamIds: role === 'agent' ? ['11111111-1111-4111-8111-111111111111'] : [],
    capacity: 10,
    ...over,
  };
}
const USER_ROLES_ORDER: UserRole[] = ['admin', 'supervisor', 'agent', 'counter', 'agency'];
