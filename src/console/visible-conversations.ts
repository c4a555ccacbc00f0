import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Principal } from '../common/principal';
import { applyVisibility } from '../access/access.repository';

/**
 * The one door from the console's repositories (contacts, referrals) to the visibility rules, so
 * moving those rules into the access repository changes a single import here.
 */
export function restrictToVisible<T extends SelectQueryBuilder<ObjectLiteral>>(qb: T, p: Principal, scope: 'list' | 'read' | 'write'): T {
  return applyVisibility(qb, p, scope);
}
