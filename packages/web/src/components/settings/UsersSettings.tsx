// Users (with their role, which administrators change in place) and teams.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { User } from '../../api/types';
import { can, useMe } from '../../app/session';
import { useUsers } from '../../lib/lookups';
import { ErrorState, Loading, useErrorMessage } from '../States';
import { useToast } from '../Toasts';
import { useRoleName, useRoles, type Role } from './RolesSettings';
import { Field, FormCard, SelectField, SettingsTable, useDraft, useSubmit } from './SettingsForm';

interface Team {
  id: string;
  name: string;
  headUserId: string | null;
  parentTeamId: string | null;
}

export function useTeams() {
  return useQuery({ queryKey: ['teams'], queryFn: async () => (await api<{ data: Team[] }>('/teams')).data });
}

export function UsersSettings() {
  const { t } = useTranslation();
  const { permissions, user: me } = useMe();
  const users = useUsers();
  const teams = useTeams();
  const roles = useRoles();
  const roleName = useRoleName();
  const teamNames = new Map((teams.data ?? []).map((team) => [team.id, team.name]));
  const canAssign = permissions.users?.update === 'all';
  if (users.isPending) return <Loading />;
  if (users.isError) return <ErrorState error={users.error} onRetry={() => void users.refetch()} />;
  return (
    <div className="settings-section">
      <SettingsTable headers={[t('settings.name'), t('settings.email'), t('settings.role'), t('settings.team'), t('settings.status')]}>
        {users.data.map((user) => (
          <tr key={user.id}>
            <td>{user.name}</td>
            <td>{user.email}</td>
            <td>{canAssign && roles.data && user.id !== me.id ? <RoleSelect user={user} roles={roles.data} /> : roleName({ key: user.roleKey, name: user.roleName })}</td>
            <td>{user.teamId ? teamNames.get(user.teamId) : '—'}</td>
            <td>{user.isActive ? t('settings.active') : t('settings.inactive')}</td>
          </tr>
        ))}
      </SettingsTable>
      {can(permissions, 'users', 'create') && <NewUserForm teams={teams.data ?? []} roles={roles.data ?? []} />}
    </div>
  );
}

/** Gives a user another role right away (PATCH /users/:id { role }). */
function RoleSelect({ user, roles }: { user: User; roles: Role[] }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const toast = useToast();
  const message = useErrorMessage();
  const roleName = useRoleName();
  return (
    <select
      value={user.roleKey}
      aria-label={t('roleEditor.roleOf', { name: user.name })}
      onChange={async (event) => {
        try {
          await api(`/users/${user.id}`, { method: 'PATCH', body: { role: event.target.value } });
          toast({ message: t('roleEditor.assigned', { name: user.name }), tone: 'success' });
        } catch (error) {
          toast({ message: message(error), tone: 'error' });
        }
        await client.invalidateQueries({ queryKey: ['users'] });
        await client.invalidateQueries({ queryKey: ['roles'] });
      }}
    >
      {roles.map((role) => (
        <option key={role.id} value={role.key}>
          {roleName(role)}
        </option>
      ))}
    </select>
  );
}

function NewUserForm({ teams, roles }: { teams: Team[]; roles: Role[] }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const toast = useToast();
  const roleName = useRoleName();
  const { values, set, reset } = useDraft({ name: '', email: '', password: '', role: 'sales_manager', teamId: '' });
  const { errors, busy, submit } = useSubmit();
  async function create() {
    if (await submit(() => api('/users', { method: 'POST', body: { ...values, teamId: values.teamId || null } }))) {
      reset();
      toast({ message: t('settings.userCreated'), tone: 'success' });
      await client.invalidateQueries({ queryKey: ['users'] });
      await client.invalidateQueries({ queryKey: ['roles'] });
    }
  }
  return (
    <FormCard title={t('settings.newUser')} submitLabel={t('app.create')} onSubmit={() => void create()} busy={busy}>
      <Field id="new-user-name" label={t('settings.name')} value={values.name} onChange={set('name')} error={errors.name} />
      <Field id="new-user-email" label={t('settings.email')} type="email" value={values.email} onChange={set('email')} error={errors.email} />
      <Field id="new-user-password" label={t('settings.password')} type="password" value={values.password} onChange={set('password')} error={errors.password} />
      <SelectField id="new-user-role" label={t('settings.role')} value={values.role} onChange={set('role')} error={errors.role} options={roles.map((role) => ({ value: role.key, label: roleName(role) }))} />
      <SelectField id="new-user-team" label={t('settings.team')} value={values.teamId} onChange={set('teamId')} error={errors.teamId} options={[{ value: '', label: '—' }, ...teams.map((team) => ({ value: team.id, label: team.name }))]} />
    </FormCard>
  );
}

export function TeamsSettings() {
  const { t } = useTranslation();
  const { permissions } = useMe();
  const teams = useTeams();
  const users = useUsers();
  const client = useQueryClient();
  const { values, set, reset } = useDraft({ name: '', headUserId: '' });
  const { errors, busy, submit } = useSubmit();
  const userNames = new Map((users.data ?? []).map((user) => [user.id, user.name]));
  if (teams.isPending) return <Loading />;
  if (teams.isError) return <ErrorState error={teams.error} />;
  async function create() {
    if (await submit(() => api('/teams', { method: 'POST', body: { name: values.name, headUserId: values.headUserId || null } }))) {
      reset();
      await client.invalidateQueries({ queryKey: ['teams'] });
    }
  }
  return (
    <div className="settings-section">
      <SettingsTable headers={[t('settings.name'), t('settings.head'), t('settings.members')]}>
        {teams.data.map((team) => (
          <tr key={team.id}>
            <td>{team.name}</td>
            <td>{team.headUserId ? userNames.get(team.headUserId) : '—'}</td>
            <td>{(users.data ?? []).filter((user) => user.teamId === team.id).length}</td>
          </tr>
        ))}
      </SettingsTable>
      {can(permissions, 'teams', 'create') && (
        <FormCard title={t('settings.newTeam')} submitLabel={t('app.create')} onSubmit={() => void create()} busy={busy}>
          <Field id="team-name" label={t('settings.name')} value={values.name} onChange={set('name')} error={errors.name} required />
          <SelectField id="team-head" label={t('settings.head')} value={values.headUserId} onChange={set('headUserId')} error={errors.headUserId} options={[{ value: '', label: '—' }, ...(users.data ?? []).map((user) => ({ value: user.id, label: user.name }))]} />
        </FormCard>
      )}
    </div>
  );
}
