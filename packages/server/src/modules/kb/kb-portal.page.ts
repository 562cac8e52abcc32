// The public portal's pages, rendered on the server (no login, no JavaScript needed to read): the list with
// search and categories, and the article with "helpful / not helpful" (a few lines of script posting the
// vote). Russian or English by ?lang= or the browser's Accept-Language. Bodies are already sanitised.
import { escapeText } from './kb-html.js';
import type { CategoryRow } from './kb-categories.service.js';
import type { Portal, PublicArticle } from './kb-portal.service.js';

export type PortalLanguage = 'ru' | 'en';

const texts = {
  ru: {
    title: 'База знаний',
    search: 'Поиск по статьям',
    find: 'Найти',
    all: 'Все статьи',
    categories: 'Разделы',
    empty: 'Ничего не нашлось. Попробуйте другие слова.',
    back: '← Все статьи',
    updated: 'Обновлено',
    helpfulQuestion: 'Статья помогла?',
    yes: 'Да',
    no: 'Нет',
    thanks: 'Спасибо за оценку!',
    voteFailed: 'Не удалось сохранить оценку, попробуйте позже.',
    attachments: 'Файлы',
    other: 'English',
    results: 'Результаты поиска',
    notFound: 'Статья не найдена',
  },
  en: {
    title: 'Knowledge base',
    search: 'Search articles',
    find: 'Search',
    all: 'All articles',
    categories: 'Sections',
    empty: 'Nothing found. Try other words.',
    back: '← All articles',
    updated: 'Updated',
    helpfulQuestion: 'Was this article helpful?',
    yes: 'Yes',
    no: 'No',
    thanks: 'Thank you for your feedback!',
    voteFailed: 'Could not save your vote; try again later.',
    attachments: 'Files',
    other: 'Русский',
    results: 'Search results',
    notFound: 'Article not found',
  },
} as const;

/** Sections other parts add to the portal's pages (the cases part adds its "create a case" form here). */
export type PortalSection = (portal: Portal, language: PortalLanguage) => string;
const sections: PortalSection[] = [];
export function registerPortalSection(section: PortalSection): void {
  sections.push(section);
}

export function portalLanguage(query: Record<string, unknown>, acceptLanguage: string | undefined): PortalLanguage {
  if (query.lang === 'en' || query.lang === 'ru') return query.lang;
  return /^\s*en\b/i.test(acceptLanguage ?? '') ? 'en' : 'ru';
}

const styles = `body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933;background:#f7f8fa}
header{background:#1d4ed8;color:#fff;padding:16px}header a{color:#fff;text-decoration:none}header .row{display:flex;justify-content:space-between;align-items:center;gap:12px;max-width:960px;margin:0 auto}
main{max-width:960px;margin:0 auto;padding:16px;display:grid;grid-template-columns:220px 1fr;gap:24px}
@media (max-width:700px){main{grid-template-columns:1fr}nav.categories{order:2}}
form.search{display:flex;gap:8px;margin-bottom:16px}form.search input{flex:1;min-width:0;padding:10px;border:1px solid #cbd2d9;border-radius:6px;font:inherit}
button{padding:10px 16px;border:0;border-radius:6px;background:#1d4ed8;color:#fff;font:inherit;cursor:pointer}button.secondary{background:#e4e7eb;color:#1f2933}
nav.categories ul{list-style:none;padding-left:12px;margin:4px 0}nav.categories a{color:#1f2933}nav.categories a.current{font-weight:600}
.card{background:#fff;border:1px solid #e4e7eb;border-radius:8px;padding:12px 16px;margin-bottom:12px}.card h2{margin:0 0 4px;font-size:18px}.card a{color:#1d4ed8;text-decoration:none}
.muted{color:#616e7c;font-size:14px}article.body img{max-width:100%}article.body table{border-collapse:collapse}article.body td,article.body th{border:1px solid #cbd2d9;padding:4px 8px}
.rating{margin-top:24px;padding:12px 16px;background:#fff;border:1px solid #e4e7eb;border-radius:8px;display:flex;flex-wrap:wrap;align-items:center;gap:12px}`;

/** A page of the portal in its layout (other parts' pages too); `withSections: false` leaves the added sections out. */
export function renderPortalPage(portal: Portal, language: PortalLanguage, title: string, content: string, otherLanguageUrl: string, options: { withSections?: boolean } = {}): string {
  return layout(portal, language, title, content, otherLanguageUrl, options.withSections ?? true);
}

function layout(portal: Portal, language: PortalLanguage, title: string, content: string, otherLanguageUrl: string, withSections = true): string {
  const t = texts[language];
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeText(title)}</title><style>${styles}</style></head><body>
<header><div class="row"><a href="/portal/${portal.slug}?lang=${language}"><strong>${escapeText(portal.title || t.title)}</strong></a><a href="${otherLanguageUrl}" lang="${language === 'ru' ? 'en' : 'ru'}">${t.other}</a></div></header>
<main>${content}</main>
${withSections ? sections.map((section) => section(portal, language)).join('\n') : ''}
</body></html>`;
}

function categoryTree(portal: Portal, language: PortalLanguage, categories: CategoryRow[], current: string | null): string {
  const t = texts[language];
  const children = (parentId: string | null): string => {
    const items = categories.filter((category) => category.parentId === parentId);
    if (items.length === 0) return '';
    return `<ul>${items
      .map((category) => `<li><a href="/portal/${portal.slug}?lang=${language}&amp;category=${category.id}"${category.id === current ? ' class="current" aria-current="page"' : ''}>${escapeText(category.name)}</a> <span class="muted">${category.articleCount}</span>${children(category.id)}</li>`)
      .join('')}</ul>`;
  };
  return `<nav class="categories" aria-label="${t.categories}"><h2>${t.categories}</h2><a href="/portal/${portal.slug}?lang=${language}"${current ? '' : ' class="current"'}>${t.all}</a>${children(null)}</nav>`;
}

export function renderPortalList(portal: Portal, language: PortalLanguage, input: { q: string; category: string | null; categories: CategoryRow[]; articles: PublicArticle[] }): string {
  const t = texts[language];
  const list = input.articles.length
    ? input.articles
        .map(
          (article) =>
            `<div class="card"><h2><a href="/portal/${portal.slug}/articles/${encodeURIComponent(article.slug)}?lang=${language}">${escapeText(article.title)}</a></h2>${article.summary ? `<div>${escapeText(article.summary)}</div>` : ''}<div class="muted">${article.categoryName ? `${escapeText(article.categoryName)} · ` : ''}${t.updated} ${formatDate(article.updatedAt, language)}</div></div>`,
        )
        .join('')
    : `<p>${t.empty}</p>`;
  const otherUrl = `/portal/${portal.slug}?lang=${language === 'ru' ? 'en' : 'ru'}${input.q ? `&amp;q=${encodeURIComponent(input.q)}` : ''}`;
  const content = `${categoryTree(portal, language, input.categories, input.category)}
<section><form class="search" role="search" method="get" action="/portal/${portal.slug}"><input type="hidden" name="lang" value="${language}">${input.category ? `<input type="hidden" name="category" value="${escapeText(input.category)}">` : ''}
<input type="search" name="q" value="${escapeText(input.q)}" placeholder="${t.search}" aria-label="${t.search}"><button type="submit">${t.find}</button></form>
<h1>${input.q ? t.results : escapeText(portal.title || t.title)}</h1>${list}</section>`;
  return layout(portal, language, portal.title || t.title, content, otherUrl);
}

export function renderPortalArticle(portal: Portal, language: PortalLanguage, input: { article: PublicArticle & { body: string; attachments: { id: string; name: string; size: number }[]; id: string }; categories: CategoryRow[] }): string {
  const t = texts[language];
  const { article } = input;
  const ratingUrl = `/api/public/kb/${portal.slug}/articles/${encodeURIComponent(article.slug)}/rating`;
  const files = article.attachments.length
    ? `<h2>${t.attachments}</h2><ul>${article.attachments.map((file) => `<li><a href="/api/public/kb/${portal.slug}/articles/${encodeURIComponent(article.slug)}/attachments/${file.id}">${escapeText(file.name)}</a> <span class="muted">${Math.ceil(file.size / 1024)} KB</span></li>`).join('')}</ul>`
    : '';
  const content = `${categoryTree(portal, language, input.categories, article.categoryId)}
<section><p><a href="/portal/${portal.slug}?lang=${language}">${t.back}</a></p><h1>${escapeText(article.title)}</h1>
<div class="muted">${article.categoryName ? `${escapeText(article.categoryName)} · ` : ''}${t.updated} ${formatDate(article.updatedAt, language)}</div>
${article.summary ? `<p><strong>${escapeText(article.summary)}</strong></p>` : ''}<article class="body">${article.body}</article>${files}
<div class="rating" id="rating"><span>${t.helpfulQuestion}</span><button type="button" data-helpful="true">${t.yes}</button><button type="button" class="secondary" data-helpful="false">${t.no}</button><span role="status" id="rating-status"></span></div>
<script>
(function(){var box=document.getElementById('rating'),status=document.getElementById('rating-status');
box.addEventListener('click',function(e){var b=e.target.closest('button');if(!b)return;
fetch(${JSON.stringify(ratingUrl)},{method:'POST',headers:{'Content-Type':'application/json'},credentials:'same-origin',body:JSON.stringify({helpful:b.getAttribute('data-helpful')==='true'})})
.then(function(r){if(!r.ok)throw new Error(r.status);status.textContent=${JSON.stringify(t.thanks)};box.querySelectorAll('button').forEach(function(x){x.disabled=true;});})
.catch(function(){status.textContent=${JSON.stringify(t.voteFailed)};});});})();
</script></section>`;
  return layout(portal, language, article.title, content, `/portal/${portal.slug}/articles/${encodeURIComponent(article.slug)}?lang=${language === 'ru' ? 'en' : 'ru'}`);
}

export function renderPortalNotFound(portal: Portal, language: PortalLanguage): string {
  const t = texts[language];
  return layout(portal, language, t.notFound, `<section><h1>${t.notFound}</h1><p><a href="/portal/${portal.slug}?lang=${language}">${t.back}</a></p></section>`, `/portal/${portal.slug}?lang=${language === 'ru' ? 'en' : 'ru'}`);
}

function formatDate(value: string, language: PortalLanguage): string {
  return new Date(value).toLocaleDateString(language === 'ru' ? 'ru-RU' : 'en-GB', { year: 'numeric', month: 'long', day: 'numeric' });
}
