// Who is logged in: the /auth/me probe (shared through React Query), login and logout.
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, setCsrfToken } from '../api/client';
import type { Me, Permissions, User } from '../api/types';
import { setLocale } from '../i18n';

interface Session {
  me: Me | null;
  loading: boolean;
  error: unknown;
  /** The user logged out themselves (the login page then opens without a return address). */
  loggedOut: boolean;
  login(email: string, password: string): Promise<Me>;
  logout(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export const meQueryKey = ['me'];

async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api<Me>('/auth/me', { allowUnauthenticated: true });
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const query = useQuery({ queryKey: meQueryKey, queryFn: fetchMe, staleTime: 5 * 60_000, retry: 1 });
  const me = query.data ?? null;
  const [loggedOut, setLoggedOut] = useState(false);

  useEffect(() => {
    if (me?.user.locale) setLocale(me.user.locale);
  }, [me?.user.locale]);

  const value: Session = {
    me,
    loading: query.isPending,
    error: query.error,
    loggedOut,
    async login(email, password) {
      const result = await api<{ user: User; csrfToken: string }>('/auth/login', { method: 'POST', body: { email, password }, allowUnauthenticated: true });
      setCsrfToken(result.csrfToken);
      setLoggedOut(false);
      const full = await fetchMe();
      if (!full) throw new ApiError(401, 'UNAUTHENTICATED', 'Log in first', null);
      client.setQueryData(meQueryKey, full);
      return full;
    },
    async logout() {
      try {
        await api('/auth/logout', { method: 'POST', allowUnauthenticated: true });
      } finally {
        setLoggedOut(true);
        setCsrfToken(null);
        client.clear();
        client.setQueryData(meQueryKey, null);
      }
    },
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The logged-in user (only inside the authenticated shell). */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a session');
  return me;
}

export function can(permissions: Permissions, object: string, action: 'read' | 'create' | 'update' | 'delete' | 'export'): boolean {
  const level = permissions[object]?.[action];
  return level !== undefined && level !== 'none';
}

/** Where a user lands after login: managers on their work, heads on the team dashboard, admins in settings. */
export function landingPath(user: Pick<User, 'roleKey'>): string {
  if (user.roleKey === 'sales_manager') return '/my';
  if (user.roleKey === 'head_of_sales') return '/dashboard';
  if (user.roleKey === 'admin') return '/settings';
  return '/companies';
}
