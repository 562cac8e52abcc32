import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <section className="page">
      <h1>{t('app.notFound')}</h1>
      <p>
        <Link to="/">{t('app.home')}</Link>
      </p>
    </section>
  );
}
export default NotFoundPage;
