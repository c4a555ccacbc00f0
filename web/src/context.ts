import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Canned, Me, Officer, TeamInfo } from './api';

export interface AppData {
  me: Me;
  teams: TeamInfo[];
  officers: Officer[];
  agencies: string[];
  canned: Canned[];
  /** Says something to screen-reader users (polite live region). */
  announce(text: string): void;
  /** A short message on screen (and to screen readers). */
  toast(text: string, kind?: 'info' | 'error'): void;
}

export const AppCtx = createContext<AppData | null>(null);

export function useApp(): AppData {
  const v = useContext(AppCtx);
  if (!v) throw new Error('AppCtx missing');
  return v;
}

export const isSupervisor = (me: Me): boolean => me.role === 'admin' || me.role === 'supervisor';

export function officerName(app: AppData, id: string | null | undefined): string {
  if (!id) return 'Belum ada';
  if (id === app.me.id) return `${app.me.name} (Anda)`;
  return app.officers.find((o) => o.id === id)?.name ?? 'Petugas lain';
}

export function teamName(app: AppData, id: string | null | undefined): string {
  if (!id) return 'Antrean umum';
  return app.teams.find((t) => t.id === id)?.name ?? 'Tim lain';
}
