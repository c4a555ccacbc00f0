import { Candidate, chooseAssignments } from '../../../src/routing/assignment';

const T1 = 'team-1';
const T2 = 'team-2';
const agent = (id: string, o: Partial<Candidate> = {}): Candidate => ({ id, teamIds: [T1], capacity: 3, load: 0, lastAssignedAt: 0, ...o });

describe('chooseAssignments', () => {
  it('gives each waiting conversation to the team member with the fewest open conversations', () => {
    const plan = chooseAssignments([{ id: 'c1', teamId: T1 }], [agent('a', { load: 2 }), agent('b', { load: 1 }), agent('c', { load: 1, teamIds: [T2] })]);
    expect(plan).toEqual([{ conversationId: 'c1', userId: 'b' }]);
  });

  it('never goes over capacity; what nobody can take stays waiting', () => {
    const plan = chooseAssignments(
      [
        { id: 'c1', teamId: T1 },
        { id: 'c2', teamId: T1 },
        { id: 'c3', teamId: T1 },
      ],
      [agent('a', { capacity: 2, load: 1 }), agent('b', { capacity: 1, load: 0 })],
    );
    expect(plan).toEqual([
      { conversationId: 'c1', userId: 'b' },
      { conversationId: 'c2', userId: 'a' },
    ]);
  });

  it('spreads work: loads are updated as it goes, and equals take turns (longest without a new one first)', () => {
    const plan = chooseAssignments(
      ['c1', 'c2', 'c3', 'c4'].map((id) => ({ id, teamId: T1 })),
      [agent('a', { lastAssignedAt: 200 }), agent('b', { lastAssignedAt: 100 })],
    );
    expect(plan.map((p) => p.userId)).toEqual(['b', 'a', 'b', 'a']);
  });

  it('only routes a team’s conversation to its members; the general queue (no team) to anyone', () => {
    const plan = chooseAssignments(
      [
        { id: 'c1', teamId: T2 },
        { id: 'c2', teamId: null },
      ],
      [agent('a', { teamIds: [T1] })],
    );
    expect(plan).toEqual([{ conversationId: 'c2', userId: 'a' }]);
  });

  it('a capacity of 0 means never auto-assigned', () => {
    expect(chooseAssignments([{ id: 'c1', teamId: T1 }], [agent('a', { capacity: 0 })])).toEqual([]);
  });
});
