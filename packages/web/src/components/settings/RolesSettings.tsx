// Roles and their rights: every action (read, create, update, delete, export) on every object at a
// level (none, own, team, all; objects without an owner only none or all). Administrators edit a
// role's matrix, rename it, create a role (copying another's rights) and delete an unheld custom role.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Level, Permissions } from '../../api/types';
import { can, useMe } from '../../app/session';
import { ErrorState, Loading } from '../States';
import { useToast } from '../Toasts';
import { DraftActions, Field, FormCard, SelectField, SettingsTable, useDraft, useSubmit } from './SettingsForm';

export interface Role {
  id: string;
  key: string;
  name: string;
  permissions: Permissions;
  isSystem: boolean;
  userCount: number;
}

export const ownedObjects = ['companies', 'contacts', 'leads', 'deals', 'activities', 'tasks', 'products', 'orders', 'cases', 'service_contracts', 'campaigns'] as const;
export const settingsObjects = ['pipelines', 'users', 'teams', 'settings', 'knowledge_base'] as const;
const actions = ['read', 'create', 'update', 'delete', 'export'] as const;
const ownedLevels: Level[] = ['none', 'own', 'team', 'all'];
const settingsLevels: Level[] = ['none', 'all'];

export function useRoles() {
  return useQuery({ queryKey: ['roles'], queryFn: async () => (await api<{ data: Role[] }>('/roles')).data });
}

// The names built-in roles are created with; while a role keeps its name, it is shown translated.
const builtInNames: Record<string, string> = { admin: 'Administrator', head_of_sales: 'Head of sales', sales_manager: 'Sales manager', read_only: 'Read-only' };

/** The role's name in the user's language for built-in roles, else as the administrator wrote it. */
export function useRoleName() {
  const { t } = useTranslation();
  return (role: { key: string; name: string }) => (builtInNames[role.key] === role.name ? t(`roles.${role.key}`) : role.name);
}

/** A complete matrix: every object and action, missing ones at none. */
export function completeMatrix(permissions: Permissions): Permissions {
  const full: Permissions = {};
  for (const object of [...ownedObjects, ...settingsObjects]) {
    const levels = (settingsObjects as readonly string[]).includes(object) ? settingsLevels : ownedLevels;
    full[object] = Object.fromEntries(actions.map((action) => [action, levels.includes(permissions[object]?.[action] as Level) ? permissions[object]?.[action] : 'none']));
  }
  return full;
}

export function RolesSettings() {
  const { t } = useTranslation();
  const { permissions } = useMe();
  const roles = useRoles();
  const roleName = useRoleName();
  const [selected, setSelected] = useState<string | null>(null);
  if (roles.isPending) return <Loading />;
  if (roles.isError) return <ErrorState error={roles.error} onRetry={() => void roles.refetch()} />;
  const current = roles.data.find((role) => role.id === selected) ?? roles.data[0];
  const editable = can(permissions, 'settings', 'update');
  return (
    <div className="settings-section roles-settings">
      <SettingsTable headers={[t('settings.name'), t('settings.key'), t('roleEditor.holders'), '']}>
        {roles.data.map((role) => (
          <tr key={role.id} className={role.id === current?.id ? 'selected' : undefined}>
            <td>
              {roleName(role)} {role.isSystem && <span className="pill">{t('roleEditor.builtIn')}</span>}
            </td>
            <td>
              <code>{role.key}</code>
            </td>
            <td>{role.userCount}</td>
            <td>
              <button type="button" className="button button-small" aria-pressed={role.id === current?.id} onClick={() => setSelected(role.id)}>
                {editable ? t('roleEditor.editRights') : t('roleEditor.showRights')}
              </button>
            </td>
          </tr>
        ))}
      </SettingsTable>
      {current && <RoleEditor key={`${current.id}-${JSON.stringify(current.permissions)}-${current.name}`} role={current} editable={editable} onDeleted={() => setSelected(null)} />}
      {can(permissions, 'settings', 'create') && <NewRoleForm roles={roles.data} onCreated={setSelected} />}
    </div>
  );
}

function RoleEditor({ role, editable, onDeleted }: { role: Role; editable: boolean; onDeleted: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const toast = useToast();
  const roleName = useRoleName();
  const [matrix, setMatrix] = useState(() => completeMatrix(role.permissions));
  const [name, setName] = useState(role.name);
  const { errors, busy, submit } = useSubmit();
  const locked = role.key === 'admin';
  const dirty = name !== role.name || JSON.stringify(matrix) !== JSON.stringify(completeMatrix(role.permissions));
  const setLevel = (object: string, action: string, level: string) => setMatrix((current) => ({ ...current, [object]: { ...current[object], [action]: level as Level } }));
  async function save() {
    const ok = await submit(() => api(`/roles/${role.id}`, { method: 'PATCH', body: { ...(name !== role.name ? { name } : {}), ...(locked ? {} : { permissions: matrix }) } }));
    if (ok) {
      toast({ message: t('roleEditor.saved'), tone: 'success' });
      await client.invalidateQueries({ queryKey: ['roles'] });
      await client.invalidateQueries({ queryKey: ['users'] });
    }
  }
  async function remove() {
    if (!window.confirm(t('roleEditor.confirmDelete', { name: role.name }))) return;
    if (await submit(() => api(`/roles/${role.id}`, { method: 'DELETE' }))) {
      toast({ message: t('roleEditor.deleted'), tone: 'success' });
      onDeleted();
      await client.invalidateQueries({ queryKey: ['roles'] });
    }
  }
  const rows = (objects: readonly string[], levels: Level[]) =>
    objects.map((object) => (
      <tr key={object}>
        <th scope="row">{t(`roleEditor.objects.${object}`)}</th>
        {actions.map((action) => {
          const id = `grant-${object}-${action}`;
          const level = matrix[object]?.[action] ?? 'none';
          return (
            <td key={action} className={`grant grant-${level}`}>
              <select
                id={id}
                value={level}
                disabled={!editable || locked}
                aria-label={t('roleEditor.grantLabel', { object: t(`roleEditor.objects.${object}`), action: t(`roleEditor.actions.${action}`) })}
                onChange={(event) => setLevel(object, action, event.target.value)}
              >
                {levels.map((item) => (
                  <option key={item} value={item}>
                    {t(`roleEditor.levels.${item}`)}
                  </option>
                ))}
              </select>
            </td>
          );
        })}
      </tr>
    ));
  return (
    <section className="card role-editor" aria-labelledby="role-editor-title">
      <h2 id="role-editor-title">{t('roleEditor.rightsOf', { name: roleName({ key: role.key, name }) })}</h2>
      {locked && <p className="muted">{t('roleEditor.adminLocked')}</p>}
      <p className="muted small">{t('roleEditor.levelsHelp')}</p>
      {editable && (
        <div className="inline-form">
          <Field id="role-name" label={t('settings.name')} value={name} onChange={setName} error={errors.name} />
        </div>
      )}
      <div className="table-scroll">
        <table className="simple-table grant-matrix">
          <thead>
            <tr>
              <th scope="col">{t('settings.object')}</th>
              {actions.map((action) => (
                <th key={action} scope="col">
                  {t(`roleEditor.actions.${action}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows(ownedObjects, ownedLevels)}
            <tr className="grant-group">
              <th scope="rowgroup" colSpan={actions.length + 1}>
                {t('roleEditor.workspaceSettings')}
              </th>
            </tr>
            {rows(settingsObjects, settingsLevels)}
          </tbody>
        </table>
      </div>
      {errors.permissions && <p className="field-error">{errors.permissions}</p>}
      {editable && (
        <DraftActions dirty={dirty} busy={busy} onSave={() => void save()} onCancel={() => { setMatrix(completeMatrix(role.permissions)); setName(role.name); }}>
          {!role.isSystem && (
            <button type="button" className="button button-danger" onClick={() => void remove()} disabled={busy}>
              {t('roleEditor.delete')}
            </button>
          )}
        </DraftActions>
      )}
    </section>
  );
}

function NewRoleForm({ roles, onCreated }: { roles: Role[]; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const roleName = useRoleName();
  const { values, set, reset } = useDraft({ name: '', key: '', copyFrom: roles.find((role) => role.key === 'sales_manager')?.id ?? roles[0]?.id ?? '' });
  const { errors, busy, submit } = useSubmit((field) => (field.startsWith('permissions') ? 'permissions' : field));
  async function create() {
    const source = roles.find((role) => role.id === values.copyFrom);
    let created: Role | undefined;
    const ok = await submit(async () => {
      created = await api<Role>('/roles', { method: 'POST', body: { key: values.key, name: values.name, permissions: completeMatrix(source?.permissions ?? {}) } });
    });
    if (ok && created) {
      reset();
      await client.invalidateQueries({ queryKey: ['roles'] });
      onCreated(created.id);
    }
  }
  return (
    <FormCard title={t('roleEditor.newRole')} submitLabel={t('app.create')} onSubmit={() => void create()} busy={busy}>
      <Field id="new-role-name" label={t('settings.name')} value={values.name} onChange={set('name')} error={errors.name} required />
      <Field id="new-role-key" label={t('settings.key')} value={values.key} onChange={set('key')} error={errors.key} required />
      <SelectField id="new-role-copy" label={t('roleEditor.copyFrom')} value={values.copyFrom} onChange={set('copyFrom')} options={roles.map((role) => ({ value: role.id, label: roleName(role) }))} error={errors.permissions} />
    </FormCard>
  );
}
