// Analytics: the association rules explorer, customer segments and (for administrators) the trained models.
import { NavLink, Route, Routes, Navigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../app/session';
import { RulesExplorer } from '../components/analytics/RulesExplorer';
import { SegmentsView } from '../components/analytics/SegmentsView';
import { ModelsView } from '../components/analytics/ModelsView';
import { NotFoundPage } from './NotFoundPage';
import { canManageModels } from '../lib/analytics';
import '../components/analytics/analytics.css';

export default function AnalyticsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const sections = [
    { to: 'rules', label: t('analytics.rules.title'), show: can(me.permissions, 'products', 'read') },
    { to: 'segments', label: t('analytics.segments.title'), show: can(me.permissions, 'companies', 'read') },
    { to: 'models', label: t('analytics.models.title'), show: canManageModels(me) },
  ].filter((section) => section.show);
  if (sections.length === 0) return <NotFoundPage />;
  return (
    <section className="page analytics" aria-labelledby="analytics-title">
      <header className="page-header">
        <h1 id="analytics-title">{t('analytics.title')}</h1>
      </header>
      <nav className="subnav" aria-label={t('analytics.title')}>
        {sections.map((section) => (
          <NavLink key={section.to} to={`/analytics/${section.to}`}>
            {section.label}
          </NavLink>
        ))}
      </nav>
      <Routes>
        <Route index element={<Navigate to={sections[0].to} replace />} />
        {sections.some((section) => section.to === 'rules') && <Route path="rules" element={<RulesExplorer />} />}
        {sections.some((section) => section.to === 'segments') && <Route path="segments" element={<SegmentsView />} />}
        {sections.some((section) => section.to === 'models') && <Route path="models" element={<ModelsView />} />}
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </section>
  );
}
