import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { can, useMe } from '../../app/session';
import { useUsers } from '../../lib/lookups';
import { ErrorState, Loading, useErrorMessage } from '../States';
import { useToast } from '../Toasts';

interface Team {
  id: string;
  name: string;
  headUserId: string | null;
  parentTeamId: string | null;
}

export function useTeams() {
  return useQuery({ queryKey: ['teams'], queryFn: async () => (await api<{ data: Team[] }>('/teams')).data });
}

const roles = ['admin', 'head_of_sales', 'sales_manager', 'read_only'];

export function UsersSettings() {
  const { t } = useTranslation();
  const { permissions } = useMe();
  const users = useUsers();
  const teams = useTeams();
  const teamNames = new Map((teams.data ?? []).map((team) => [team.id, team.name]));
  if (users.isPending) return <Loading />;
  if (users.isError) return <ErrorState error={users.error} onRetry={() => void users.refetch()} />;
  return (
    <div className="settings-section">
      <table className="simple-table">
        <thead>
          <tr>
            <th scope="col">{t('settings.name')}</th>
            <th scope="col">{t('settings.email')}</th>
            <th scope="col">{t('settings.role')}</th>
            <th scope="col">{t('settings.team')}</th>
            <th scope="col">{t('settings.status')}</th>
          </tr>
        </thead>
        <tbody>
          {users.data.map((user) => (
            <tr key={user.id}>
              <td>{user.name}</td>
              <td>{user.email}</td>
              <td>{t(`roles.${user.roleKey}`, { defaultValue: user.roleName })}</td>
              <td>{user.teamId ? teamNames.get(user.teamId) : '—'}</td>
              <td>{user.isActive ? t('settings.active') : t('settings.inactive')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {can(permissions, 'users', 'create') && <NewUserForm teams={teams.data ?? []} />}
    </div>
  );
}

function NewUserForm({ teams }: { teams: Team[] }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const toast = useToast();
  const message = useErrorMessage();
  const empty = { name: '', email: '', password: '', role: 'sales_manager', teamId: '' };
  const [values, setValues] = useState(empty);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (name: keyof typeof values) => (event: { target: { value: string } }) => setValues((current) => ({ ...current, [name]: event.target.value }));
  async function submit(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    try {
      await api('/users', { method: 'POST', body: { ...values, teamId: values.teamId || null } });
      setValues(empty);
      toast({ message: t('settings.userCreated'), tone: 'success' });
      await client.invalidateQueries({ queryKey: ['users'] });
    } catch (error) {
      if (error instanceof ApiError && Object.keys(error.fieldErrors()).length) setErrors(error.fieldErrors());
      else toast({ message: message(error), tone: 'error' });
    }
  }
  const input = (name: 'name' | 'email' | 'password', type = 'text') => (
    <div className={`form-field${errors[name] ? ' has-error' : ''}`}>
      <label htmlFor={`new-user-${name}`}>{t(`settings.${name}`)}</label>
      <input id={`new-user-${name}`} type={type} value={values[name]} onChange={set(name)} aria-invalid={errors[name] ? true : undefined} />
      {errors[name] && <span className="field-error">{errors[name]}</span>}
    </div>
  );
  return (
    <form className="card record-form" onSubmit={submit}>
      <h2>{t('settings.newUser')}</h2>
      <div className="form-grid">
        {input('name')}
        {input('email', 'email')}
        {input('password', 'password')}
        <div className="form-field">
          <label htmlFor="new-user-role">{t('settings.role')}</label>
          <select id="new-user-role" value={values.role} onChange={set('role')}>
            {roles.map((role) => (
              <option key={role} value={role}>
                {t(`roles.${role}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field">
          <label htmlFor="new-user-team">{t('settings.team')}</label>
          <select id="new-user-team" value={values.teamId} onChange={set('teamId')}>
            <option value="">—</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary">
          {t('app.create')}
        </button>
      </div>
    </form>
  );
}

export function TeamsSettings() {
  const { t } = useTranslation();
  const { permissions } = useMe();
  const teams = useTeams();
  const users = useUsers();
  const client = useQueryClient();
  const toast = useToast();
  const message = useErrorMessage();
  const [name, setName] = useState('');
  const [head, setHead] = useState('');
  const userNames = new Map((users.data ?? []).map((user) => [user.id, user.name]));
  if (teams.isPending) return <Loading />;
  if (teams.isError) return <ErrorState error={teams.error} />;
  return (
    <div className="settings-section">
      <table className="simple-table">
        <thead>
          <tr>
            <th scope="col">{t('settings.name')}</th>
            <th scope="col">{t('settings.head')}</th>
            <th scope="col">{t('settings.members')}</th>
          </tr>
        </thead>
        <tbody>
          {teams.data.map((team) => (
            <tr key={team.id}>
              <td>{team.name}</td>
              <td>{team.headUserId ? userNames.get(team.headUserId) : '—'}</td>
              <td>{(users.data ?? []).filter((user) => user.teamId === team.id).length}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {can(permissions, 'teams', 'create') && (
        <form
          className="card record-form"
          onSubmit={async (event) => {
            event.preventDefault();
            try {
              await api('/teams', { method: 'POST', body: { name, headUserId: head || null } });
              setName('');
              setHead('');
              await client.invalidateQueries({ queryKey: ['teams'] });
            } catch (error) {
              toast({ message: message(error), tone: 'error' });
            }
          }}
        >
          <h2>{t('settings.newTeam')}</h2>
          <div className="form-grid">
            <div className="form-field">
              <label htmlFor="team-name">{t('settings.name')}</label>
              <input id="team-name" required value={name} onChange={(event) => setName(event.target.value)} />
            </div>
            <div className="form-field">
              <label htmlFor="team-head">{t('settings.head')}</label>
              <select id="team-head" value={head} onChange={(event) => setHead(event.target.value)}>
                <option value="">—</option>
                {(users.data ?? []).map((user) => (
                  <option key={user.id} value={user.id}>
                    {user.name}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="form-actions">
            <button type="submit" className="button button-primary">
              {t('app.create')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
