// The signed-in admin user, their programs and roles, and what the current role may do.
import { createContext, useContext, type ReactNode } from 'react';
import {
  ROLES,
  roleHolds,
  type Permission,
  type PermissionGrant,
  type Role,
} from '../../../src/contracts/permissions.ts';

export type { Permission, PermissionGrant, Role };
export { ROLES };

export interface Session {
  user: { id: string; email: string; name: string; locale: string };
  csrfToken: string;
  programs: { id: string; name: string; role: Role }[];
  /** The role map, from the server (every module's permissions and the roles that hold them). */
  permissions: PermissionGrant[];
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
  const grants = useContext(SessionContext)?.session.permissions ?? [];
  const scope: ProgramScope = {
    programId: id,
    name,
    role,
    can: (permission) => roleHolds(grants, role, permission),
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
