/** One officer who may receive conversations automatically. */
export interface Candidate {
  id: string;
  teamIds: string[];
  capacity: number;
  /** Open conversations assigned now. */
  load: number;
  /** When they last got one automatically (ms), for fairness between equals. */
  lastAssignedAt: number;
}

export interface WaitingConversation {
  id: string;
  teamId: string | null;
}

/**
 * Who gets which waiting conversation, oldest waiting first: an online
 * member of the conversation's team (any candidate for the general queue)
 * with the fewest open conversations, below their capacity; among equals the
 * one who has waited longest for a new one. Conversations nobody can take
 * stay in the queue. Pure: loads are updated as it goes.
 */
export function chooseAssignments(waiting: WaitingConversation[], candidates: Candidate[], now = Date.now()): { conversationId: string; userId: string }[] {
  const pool = candidates.map((c) => ({ ...c }));
  const out: { conversationId: string; userId: string }[] = [];
  for (const w of waiting) {
    let best: (typeof pool)[number] | undefined;
    for (const c of pool) {
      if (c.load >= c.capacity) continue;
      if (w.teamId && !c.teamIds.includes(w.teamId)) continue;
      if (
        !best ||
        c.load < best.load ||
        (c.load === best.load && (c.lastAssignedAt < best.lastAssignedAt || (c.lastAssignedAt === best.lastAssignedAt && c.id < best.id)))
      )
        best = c;
    }
    if (!best) continue;
    best.load++;
    best.lastAssignedAt = now + out.length;
    out.push({ conversationId: w.id, userId: best.id });
  }
  return out;
}
