import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { landingPath, useSession } from '../app/session';
import { setLocale, currentLocale } from '../i18n';
import { useErrorMessage } from '../components/States';

/** Only same-site paths are followed after login (no open redirect). */
export function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : null;
}

export default function LoginPage() {
  const { t } = useTranslation();
  const { me, login } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const message = useErrorMessage();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get('next'));
  if (me) return <Navigate to={next ?? landingPath(me.user)} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await login(email, password);
      navigate(next ?? landingPath(session.user), { replace: true });
    } catch (problem) {
      setError(problem instanceof ApiError && problem.code === 'VALIDATION_FAILED' ? t('login.fillBoth') : message(problem));
    } finally {
      setBusy(false);
    }
  }
  const other = currentLocale() === 'ru' ? 'en' : 'ru';
  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} aria-labelledby="login-title">
        <div className="brand brand-large">
          <img src="/icon.svg" alt="" width="40" height="40" />
          <span>{t('app.name')}</span>
        </div>
        <h1 id="login-title">{t('login.title')}</h1>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="form-field">
          <label htmlFor="login-email">{t('login.email')}</label>
          <input id="login-email" type="email" autoComplete="username" required autoFocus value={email} onChange={(event) => setEmail(event.target.value)} />
        </div>
        <div className="form-field">
          <label htmlFor="login-password">{t('login.password')}</label>
          <input id="login-password" type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
        </div>
        <button type="submit" className="button button-primary button-block" disabled={busy}>
          {busy ? t('login.signingIn') : t('login.submit')}
        </button>
        <button type="button" className="button button-link" onClick={() => setLocale(other)} lang={other}>
          {other === 'en' ? 'English' : 'Русский'}
        </button>
      </form>
    </main>
  );
}
