// The knowledge base for signed-in users: the reader (search, category tree, list), an article's page,
// the editor (writers only), and the usefulness report with the experts per category.
import { lazy } from 'react';
import { Route, Routes } from 'react-router';
import { KbHome } from '../components/kb/KbHome';
import { ArticlePage } from '../components/kb/ArticlePage';
import '../components/kb/kb.css';

const ArticleEditor = lazy(() => import('../components/kb/ArticleEditor'));
const KbReportPage = lazy(() => import('../components/kb/KbReportPage'));

export default function KnowledgeBasePage() {
  return (
    <Routes>
      <Route index element={<KbHome />} />
      <Route path="new" element={<ArticleEditor />} />
      <Route path="report" element={<KbReportPage />} />
      <Route path="articles/:id" element={<ArticlePage />} />
      <Route path="articles/:id/edit" element={<ArticleEditor />} />
    </Routes>
  );
}
