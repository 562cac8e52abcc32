// The frame around every screen: navigation by role and rights, search (Ctrl+K), notifications,
// the user menu (language, logout).
import { Suspense, useEffect, useRef, useState } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { can, useMe, useSession } from './session';
import { currentLocale, setLocale } from '../i18n';
import { Loading } from '../components/States';
import { NotificationBell } from '../components/NotificationBell';
import { CallPopup } from '../components/telephony/CallPopup';
import { NavMenu } from './NavMenu';
import './workspace.css';
// Not lazy: Ctrl+K and typing at once must not lose the first letters while a chunk loads (~1 KB).
import SearchPalette from '../components/SearchPalette';
import type { Locale } from '../lib/format';
import { meQueryKey } from './session';
import { useQueryClient } from '@tanstack/react-query';
import { useDismiss } from '../lib/use-dismiss';


export function Shell() {
  const { t } = useTranslation();
  const me = useMe();
  const [menuOpen, setMenuOpen] = useState(false);
  const [navOpen, setNavOpen] = useState(false);
  const [searchOpen, setSearchOpen] = useState(false);
  const location = useLocation();
  const { permissions, user } = me;

  useEffect(() => setNavOpen(false), [location.pathname]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setSearchOpen(true);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const readsReportable = ['deals', 'companies', 'contacts', 'leads', 'activities', 'tasks', 'orders', 'cases'].some((object) => can(permissions, object, 'read'));
  const links: { to: string; label: string; show: boolean }[] = [
    { to: '/my', label: t('nav.myWork'), show: true },
    { to: '/calendar', label: t('nav.calendar'), show: can(permissions, 'tasks', 'read') || can(permissions, 'activities', 'read') },
    { to: '/call-lists', label: t('callLists.nav'), show: ['contacts', 'companies', 'leads'].some((object) => can(permissions, object, 'read')) },
    { to: '/dashboard', label: t('nav.dashboard'), show: user.roleKey !== 'sales_manager' },
    { to: '/reports', label: t('reportBuilder.title'), show: readsReportable },
    { to: '/dashboards', label: t('dashboards.nav'), show: readsReportable },
    { to: '/sales-analyses', label: t('salesAnalyses.nav'), show: can(permissions, 'deals', 'read') },
    { to: '/plans', label: t('plans.nav'), show: can(permissions, 'deals', 'read') },
    { to: '/pipeline', label: t('nav.pipeline'), show: can(permissions, 'deals', 'read') },
    { to: '/deals', label: t('nav.deals'), show: can(permissions, 'deals', 'read') },
    { to: '/leads', label: t('nav.leads'), show: can(permissions, 'leads', 'read') },
    { to: '/companies', label: t('nav.companies'), show: can(permissions, 'companies', 'read') },
    { to: '/contacts', label: t('nav.contacts'), show: can(permissions, 'contacts', 'read') },
    { to: '/tasks', label: t('nav.tasks'), show: can(permissions, 'tasks', 'read') },
    { to: '/products', label: t('nav.products'), show: can(permissions, 'products', 'read') },
    { to: '/orders', label: t('nav.orders'), show: can(permissions, 'orders', 'read') },
    { to: '/service-desk', label: t('nav.cases'), show: can(permissions, 'cases', 'read') },
    { to: '/service_contracts', label: t('nav.serviceContracts'), show: can(permissions, 'service_contracts', 'read') },
    { to: '/kb', label: t('kb.nav'), show: true },
    { to: '/segments', label: t('segments.nav'), show: can(permissions, 'contacts', 'read') || can(permissions, 'companies', 'read') },
    { to: '/campaigns', label: t('campaigns.nav'), show: can(permissions, 'campaigns', 'read') },
    { to: '/sequences', label: t('sequences.nav'), show: can(permissions, 'campaigns', 'read') },
    { to: '/analytics', label: t('nav.analytics'), show: can(permissions, 'products', 'read') || can(permissions, 'companies', 'read') },
    { to: '/imports', label: t('imports.nav'), show: ['contacts', 'companies', 'deals', 'leads', 'products', 'orders', 'activities'].some((object) => can(permissions, object, 'create')) },
    { to: '/data-quality', label: t('dataQuality.nav'), show: can(permissions, 'companies', 'read') || can(permissions, 'contacts', 'read') },
    { to: '/settings', label: t('nav.settings'), show: true },
  ];

  return (
    <div className={`shell${navOpen ? ' nav-open' : ''}`}>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <button type="button" className="icon-button nav-toggle" aria-label={t('nav.mainMenu')} aria-expanded={navOpen} aria-controls="main-nav" onClick={() => setNavOpen(!navOpen)}>
          ☰
        </button>
        <NavLink to="/" className="brand">
          <img src="/icon.svg" alt="" width="28" height="28" />
          <span>{t('app.name')}</span>
        </NavLink>
        <button type="button" className="search-trigger" onClick={() => setSearchOpen(true)} aria-keyshortcuts="Control+K">
          <svg aria-hidden="true" width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
            <circle cx="11" cy="11" r="7" />
            <path d="m20 20-3.5-3.5" />
          </svg>{' '}
          {t('search.placeholder')}
          <kbd>Ctrl K</kbd>
        </button>
        <div className="topbar-actions">
          <NotificationBell />
          <UserMenu open={menuOpen} setOpen={setMenuOpen} />
        </div>
      </header>
      <nav id="main-nav" className="sidebar" aria-label={t('nav.mainMenu')}>
        <NavMenu links={links.filter((link) => link.show)} />
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      {searchOpen && <SearchPalette onClose={() => setSearchOpen(false)} />}
      <CallPopup />
    </div>
  );
}

function UserMenu({ open, setOpen }: { open: boolean; setOpen: (open: boolean) => void }) {
  const { t } = useTranslation();
  const { user } = useMe();
  const { logout } = useSession();
  const navigate = useNavigate();
  const client = useQueryClient();
  const box = useRef<HTMLDivElement>(null);
  useDismiss(open, setOpen, box);

  async function switchLanguage(locale: Locale) {
    setOpen(false);
    setLocale(locale);
    try {
      const updated = await api<typeof user>(`/users/${user.id}`, { method: 'PATCH', body: { locale } });
      client.setQueryData(meQueryKey, (current: { user: typeof user } | null) => (current ? { ...current, user: { ...current.user, locale: updated.locale } } : current));
    } catch {
      /* the language still changes in this browser */
    }
  }

  return (
    <div className="user-menu" ref={box}>
      <button type="button" className="user-button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span className="avatar" aria-hidden="true">
          {user.name.slice(0, 1)}
        </span>
        <span className="user-name">{user.name}</span>
      </button>
      {open && (
        <div className="menu" role="menu" aria-label={t('user.menu')}>
          <div className="menu-info" role="presentation">
            <strong>{user.name}</strong>
            <span className="muted">{t(`roles.${user.roleKey}`, { defaultValue: user.roleName })}</span>
            <span className="muted small">{user.email}</span>
          </div>
          <div className="menu-group" role="group" aria-label={t('user.language')}>
            {(['ru', 'en'] as const).map((locale) => (
              <button key={locale} type="button" role="menuitemradio" aria-checked={currentLocale() === locale} lang={locale} onClick={() => void switchLanguage(locale)}>
                {locale === 'ru' ? 'Русский' : 'English'}
              </button>
            ))}
          </div>
          <button
            type="button"
            role="menuitem"
            onClick={async () => {
              setOpen(false);
              await logout();
              navigate('/login', { replace: true });
            }}
          >
            {t('user.logout')}
          </button>
        </div>
      )}
    </div>
  );
}
