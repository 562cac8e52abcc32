// Settings: users, teams, roles and their rights, pipelines, custom fields, mail, the 1C exchange, the
// calendar feed and personal API tokens.
import { NavLink, Route, Routes, Navigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../app/session';
import { UsersSettings, TeamsSettings } from '../components/settings/UsersSettings';
import { TokensSettings } from '../components/settings/TokensSettings';
import { PipelinesSettings } from '../components/settings/PipelinesSettings';
import { CustomFieldsSettings } from '../components/settings/CustomFieldsSettings';
import { RolesSettings } from '../components/settings/RolesSettings';
import { MailSettings } from '../components/settings/MailSettings';
import { WebhooksSettings } from '../components/webhooks/WebhooksSettings';
import { WebFormsSettings } from '../components/web-forms/WebFormsSettings';
import { TelephonySettings } from '../components/telephony/TelephonySettings';
import { ServiceDeskSettings } from '../components/cases/ServiceDeskSettings';
import { SlaSettings } from '../components/sla/SlaSettings';
import { SurveysSettings } from '../components/surveys/SurveysSettings';
import { DocumentsSettings } from '../components/documents/DocumentsSettings';
import { OneCExchangeSettings } from '../components/exchange/OneCExchangeSettings';
import { CalendarFeedSettings } from '../components/exchange/CalendarFeedSettings';
import '../components/settings/settings.css';

export default function SettingsPage() {
  const { t } = useTranslation();
  const { permissions } = useMe();
  const sections = [
    { to: 'users', label: t('settings.users'), show: can(permissions, 'users', 'read') },
    { to: 'teams', label: t('settings.teams'), show: can(permissions, 'teams', 'read') },
    { to: 'roles', label: t('roleEditor.title'), show: can(permissions, 'users', 'read') },
    { to: 'pipelines', label: t('settings.pipelines'), show: can(permissions, 'pipelines', 'read') },
    { to: 'custom-fields', label: t('settings.customFields'), show: can(permissions, 'settings', 'read') },
    { to: 'mail', label: t('mailboxes.title'), show: true },
    { to: 'webhooks', label: t('webhooks.title'), show: true },
    { to: 'web-forms', label: t('webForms.title'), show: can(permissions, 'settings', 'read') },
    { to: 'surveys', label: t('surveys.title'), show: can(permissions, 'settings', 'read') },
    { to: 'telephony', label: t('telephony.settings.title'), show: can(permissions, 'settings', 'update') },
    { to: 'service-desk', label: t('caseSettings.title'), show: can(permissions, 'cases', 'read') },
    { to: 'sla', label: t('sla.settingsTitle'), show: can(permissions, 'cases', 'read') },
    { to: 'documents', label: t('documents.settings.title'), show: can(permissions, 'settings', 'read') },
    { to: '1c', label: t('oneC.title'), show: can(permissions, 'settings', 'read') },
    { to: 'calendar-feed', label: t('icalFeed.title'), show: true },
    { to: 'tokens', label: t('settings.tokens'), show: true },
  ].filter((section) => section.show);
  return (
    <section className="page settings" aria-labelledby="settings-title">
      <header className="page-header">
        <h1 id="settings-title">{t('settings.title')}</h1>
      </header>
      <nav className="subnav" aria-label={t('settings.title')}>
        {sections.map((section) => (
          <NavLink key={section.to} to={section.to}>
            {section.label}
          </NavLink>
        ))}
      </nav>
      <Routes>
        <Route index element={<Navigate to={sections[0].to} replace />} />
        <Route path="users" element={<UsersSettings />} />
        <Route path="teams" element={<TeamsSettings />} />
        <Route path="roles" element={<RolesSettings />} />
        <Route path="pipelines" element={<PipelinesSettings />} />
        <Route path="custom-fields" element={<CustomFieldsSettings />} />
        <Route path="mail" element={<MailSettings />} />
        <Route path="webhooks" element={<WebhooksSettings />} />
        <Route path="web-forms" element={<WebFormsSettings />} />
        <Route path="surveys" element={<SurveysSettings />} />
        <Route path="telephony" element={<TelephonySettings />} />
        <Route path="service-desk" element={<ServiceDeskSettings />} />
        <Route path="sla" element={<SlaSettings />} />
        <Route path="documents" element={<DocumentsSettings />} />
        <Route path="1c" element={<OneCExchangeSettings />} />
        <Route path="calendar-feed" element={<CalendarFeedSettings />} />
        <Route path="tokens" element={<TokensSettings />} />
      </Routes>
    </section>
  );
}
