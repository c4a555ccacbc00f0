/** Every office role that works conversations: all but agency officers, who only answer referrals. */
export const OFFICERS = ['admin', 'supervisor', 'agent', 'counter'] as const;
