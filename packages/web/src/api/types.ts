export type RoleKey = 'admin' | 'head_of_sales' | 'sales_manager' | 'read_only' | string;
export type Level = 'none' | 'own' | 'team' | 'all';
export type Permissions = Record<string, Partial<Record<'read' | 'create' | 'update' | 'delete' | 'export', Level>>>;

export interface User {
  id: string;
  email: string;
  name: string;
  locale: 'ru' | 'en';
  isActive: boolean;
  teamId: string | null;
  managerId: string | null;
  roleKey: RoleKey;
  roleName: string;
  settings?: Record<string, unknown>;
}

export interface Me {
  user: User;
  permissions: Permissions;
  csrfToken: string | null;
}

export type RecordValues = Record<string, unknown> & { id: string };

export interface ListPage {
  data: RecordValues[];
  nextCursor: string | null;
  total?: number;
}
