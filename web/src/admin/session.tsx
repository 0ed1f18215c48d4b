// The signed-in admin user, their programs and roles, and what the current role may do.
import { createContext, useContext, type ReactNode } from 'react';
import {
  PERMISSIONS,
  ROLES,
  ROLE_PERMISSIONS,
  type Permission,
} from '../../../src/modules/auth/permissions.ts';
import type { Role } from '../../../src/modules/auth/tables.ts';

export type { Permission, Role };
export { PERMISSIONS, ROLES };

export interface Session {
  user: { id: string; email: string; name: string; locale: string };
  csrfToken: string;
  programs: { id: string; name: string; role: Role }[];
}

export interface SessionApi {
  session: Session;
  refresh(): Promise<void>;
  logout(): Promise<void>;
}

export const SessionContext = createContext<SessionApi | null>(null);

export function useSession(): SessionApi {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionContext');
  return value;
}

export interface ProgramScope {
  programId: string;
  name: string;
  role: Role;
  can(permission: Permission): boolean;
  /** API path under this program: api('/members') → /api/programs/<id>/members */
  api(path: string): string;
  /** App path under this program: link('/members') → /p/<id>/members */
  link(path: string): string;
}

const ProgramContext = createContext<ProgramScope | null>(null);

export function ProgramProvider(props: { program: Session['programs'][number]; children: ReactNode }) {
  const { id, name, role } = props.program;
  const scope: ProgramScope = {
    programId: id,
    name,
    role,
    can: (permission) => ROLE_PERMISSIONS[role].has(permission),
    api: (path) => `/api/programs/${id}${path}`,
    link: (path) => `/p/${id}${path}`,
  };
  return <ProgramContext.Provider value={scope}>{props.children}</ProgramContext.Provider>;
}

export function useProgram(): ProgramScope {
  const value = useContext(ProgramContext);
  if (!value) throw new Error('useProgram outside ProgramProvider');
  return value;
}
