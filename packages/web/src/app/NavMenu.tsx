// The main menu: the role's default order, the user's pinned items on top, and a "customise" mode
// where every item can be pinned and moved up or down (buttons, so the keyboard can do it all).
// Saved in users.settings.nav at once (PATCH /users/:id), so it follows the user to any device.
import { useState } from 'react';
import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import type { Me, User } from '../api/types';
import { useToast } from '../components/Toasts';
import { useErrorMessage } from '../components/States';
import { meQueryKey, useMe } from './session';
import { arrangeNav, moveItem, navPreferences, togglePin, type NavPreferences } from './navigation';

export interface NavItem {
  to: string;
  label: string;
}

export function NavMenu({ links }: { links: NavItem[] }) {
  const { t } = useTranslation();
  const { user } = useMe();
  const client = useQueryClient();
  const toast = useToast();
  const message = useErrorMessage();
  const [editing, setEditing] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const preferences = navPreferences(user);
  const { pinned, rest } = arrangeNav(links, user.roleKey, preferences);
  const shown = { pinned: pinned.map((link) => link.to), rest: rest.map((link) => link.to) };

  async function save(next: NavPreferences, said: string) {
    const previous = client.getQueryData<Me | null>(meQueryKey);
    const settings = { ...(user.settings ?? {}), nav: next };
    client.setQueryData<Me | null>(meQueryKey, (current) => (current ? { ...current, user: { ...current.user, settings } } : current));
    setAnnouncement(said);
    try {
      await api<User>(`/users/${user.id}`, { method: 'PATCH', body: { settings } });
    } catch (error) {
      client.setQueryData(meQueryKey, previous);
      toast({ message: message(error), tone: 'error' });
    }
  }

  const item = (link: NavItem, section: string[], isPinned: boolean) => {
    const index = section.indexOf(link.to);
    return (
      <li key={link.to} className={editing ? 'nav-editing' : undefined}>
        <NavLink to={link.to}>
          {isPinned && !editing && (
            <span className="nav-pin-mark" aria-hidden="true">
              ★{' '}
            </span>
          )}
          {link.label}
        </NavLink>
        {editing && (
          <span className="nav-edit-buttons">
            <button
              type="button"
              className="icon-button"
              aria-pressed={isPinned}
              aria-label={t(isPinned ? 'nav.unpin' : 'nav.pin', { item: link.label })}
              title={t(isPinned ? 'nav.unpin' : 'nav.pin', { item: link.label })}
              onClick={() => void save(togglePin(preferences, link.to), t(isPinned ? 'nav.unpinned' : 'nav.pinned', { item: link.label }))}
            >
              {isPinned ? '★' : '☆'}
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label={t('nav.moveUp', { item: link.label })}
              title={t('nav.moveUp', { item: link.label })}
              disabled={index === 0}
              onClick={() => void save(moveItem(preferences, shown, link.to, -1), t('nav.moved', { item: link.label, position: index, count: section.length }))}
            >
              ↑
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label={t('nav.moveDown', { item: link.label })}
              title={t('nav.moveDown', { item: link.label })}
              disabled={index === section.length - 1}
              onClick={() => void save(moveItem(preferences, shown, link.to, 1), t('nav.moved', { item: link.label, position: index + 2, count: section.length }))}
            >
              ↓
            </button>
          </span>
        )}
      </li>
    );
  };

  return (
    <>
      {pinned.length > 0 && (
        <>
          <h2 className="nav-section" id="nav-pinned">
            {t('nav.pinnedSection')}
          </h2>
          <ul aria-labelledby="nav-pinned" data-testid="nav-pinned">
            {pinned.map((link) => item(link, shown.pinned, true))}
          </ul>
        </>
      )}
      <ul data-testid="nav-items">{rest.map((link) => item(link, shown.rest, false))}</ul>
      <button type="button" className="button nav-customise" aria-pressed={editing} onClick={() => setEditing(!editing)}>
        {editing ? t('nav.customiseDone') : t('nav.customise')}
      </button>
      <p className="sr-only" aria-live="polite">
        {announcement}
      </p>
    </>
  );
}
