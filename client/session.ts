import { createContext, useContext } from 'react';
import type { Me } from './api.ts';

export interface SessionValue {
  me: Me;
  /** Fetch /api/auth/session again (after sign-in, sign-out or joining a workspace). */
  refresh: () => void;
}

export const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside a signed-in page');
  return value;
}

/** A stable colour per account, so a person looks the same to everyone. */
export function colourOf(userId: string): string {
  const palette = ['#1b6ac9', '#b3261e', '#1e7b34', '#8a4fbf', '#b35c00', '#00768a', '#a3246b', '#5b6b00'];
  let h = 0;
  for (const ch of userId) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return palette[h % palette.length] ?? '#1b6ac9';
}
