// The signed-in user (GET /owa/service/session), loaded once by the app shell and shared by context.
import { createContext, useContext } from 'react';
import type { Session } from './api/types';

export const SessionContext = createContext<Session | null>(null);

/** The signed-in user; the shell renders its routes only once the session is known, so this is never null there. */
export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside the signed-in shell');
  return s;
}
