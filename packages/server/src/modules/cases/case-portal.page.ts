// The portal's "create a case" form and its answers, rendered on the server so they work without JavaScript:
// the form (a section of every portal page, registered with registerPortalSection), the same form again with
// the visitor's values and each refused field named beside it, the confirmation with the case number, and the
// status page the confirmation email links to. Russian or English, as the portal page.
import { PORTAL_CASE_HONEYPOT, portalCaseLimits } from '@svyaz/shared';
import { escapeText } from '../kb/kb-html.js';
import { registerPortalSection, renderPortalPage, type PortalLanguage } from '../kb/kb-portal.page.js';
import type { Portal } from '../kb/kb-portal.service.js';
import type { FieldProblem } from '../../core/validation.js';

export interface PortalCategory {
  key: string;
  name: string;
}

const texts = {
  ru: {
    heading: 'Создать обращение',
    intro: 'Не нашли ответ? Опишите вопрос — мы ответим на указанную почту.',
    name: 'Ваше имя',
    email: 'Электронная почта',
    phone: 'Телефон (необязательно)',
    subject: 'Тема',
    description: 'Описание',
    category: 'Категория',
    attachments: `Файлы (необязательно, до ${portalCaseLimits.files}, каждый до ${portalCaseLimits.fileBytes / 1024 / 1024} МБ)`,
    honeypot: 'Оставьте это поле пустым',
    submit: 'Отправить обращение',
    problems: 'Обращение не создано. Исправьте отмеченные поля:',
    refused: 'Обращение не создано',
    createdTitle: 'Обращение создано',
    created: (number: string) => `Ваше обращение зарегистрировано под номером ${number}.`,
    mailed: 'Подтверждение со ссылкой на статус отправлено на вашу почту.',
    statusLink: 'Статус обращения',
    statusTitle: (number: string) => `Обращение ${number}`,
    statusLabel: 'Статус',
    createdAt: 'Создано',
    updatedAt: 'Изменено',
    notFound: 'Ссылка недействительна',
    back: '← База знаний',
    statuses: { new: 'Новое', in_progress: 'В работе', waiting_customer: 'Ждёт вашего ответа', resolved: 'Решено', closed: 'Закрыто', reopened: 'Открыто повторно' } as Record<string, string>,
    fields: { name: 'Имя', email: 'Почта', phone: 'Телефон', subject: 'Тема', description: 'Описание', category: 'Категория', attachments: 'Файлы' } as Record<string, string>,
  },
  en: {
    heading: 'Create a case',
    intro: 'Could not find an answer? Describe your question and we will reply to your email.',
    name: 'Your name',
    email: 'Email',
    phone: 'Phone (optional)',
    subject: 'Subject',
    description: 'Description',
    category: 'Category',
    attachments: `Files (optional, up to ${portalCaseLimits.files}, each up to ${portalCaseLimits.fileBytes / 1024 / 1024} MB)`,
    honeypot: 'Leave this field empty',
    submit: 'Submit the case',
    problems: 'The case was not created. Please correct the marked fields:',
    refused: 'The case was not created',
    createdTitle: 'Case created',
    created: (number: string) => `Your case has been registered as ${number}.`,
    mailed: 'A confirmation with a link to its status has been sent to your email.',
    statusLink: 'Case status',
    statusTitle: (number: string) => `Case ${number}`,
    statusLabel: 'Status',
    createdAt: 'Created',
    updatedAt: 'Updated',
    notFound: 'This link is not valid',
    back: '← Knowledge base',
    statuses: { new: 'New', in_progress: 'In progress', waiting_customer: 'Waiting for your reply', resolved: 'Resolved', closed: 'Closed', reopened: 'Reopened' } as Record<string, string>,
    fields: { name: 'Name', email: 'Email', phone: 'Phone', subject: 'Subject', description: 'Description', category: 'Category', attachments: 'Files' } as Record<string, string>,
  },
} as const;

export const portalCaseTexts = texts;

const styles = `<style>.portal-case{max-width:960px;margin:0 auto;padding:0 16px 32px}.portal-case form{background:#fff;border:1px solid #e4e7eb;border-radius:8px;padding:16px;display:grid;gap:12px;max-width:640px}
.portal-case label{display:grid;gap:4px;font-weight:600}.portal-case input,.portal-case textarea,.portal-case select{font:inherit;font-weight:400;padding:10px;border:1px solid #cbd2d9;border-radius:6px;min-width:0}
.portal-case .error{color:#b91c1c;font-weight:400;font-size:14px}.portal-case [aria-invalid=true]{border-color:#b91c1c}.portal-case .hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.portal-case .alert{background:#fef2f2;border:1px solid #fecaca;border-radius:8px;padding:12px 16px;margin-bottom:12px}.portal-case .ok{background:#ecfdf5;border:1px solid #a7f3d0;border-radius:8px;padding:12px 16px}</style>`;

/** The categories the form offers, by workspace: refreshed for every portal page (case-portal.routes.ts). */
const categoriesByWorkspace = new Map<string, { ru: PortalCategory[]; en: PortalCategory[] }>();
export function setPortalCategories(workspaceId: string, categories: { key: string; nameRu: string; nameEn: string }[]): void {
  categoriesByWorkspace.set(workspaceId, {
    ru: categories.map((category) => ({ key: category.key, name: category.nameRu })),
    en: categories.map((category) => ({ key: category.key, name: category.nameEn })),
  });
}

export type PortalCaseValues = Partial<Record<'name' | 'email' | 'phone' | 'subject' | 'description' | 'category', string>>;

export function renderCaseForm(portal: Portal, language: PortalLanguage, values: PortalCaseValues = {}, problems: FieldProblem[] = [], message: string | null = null): string {
  const t = texts[language];
  const categories = categoriesByWorkspace.get(portal.workspaceId)?.[language] ?? [];
  const problemOf = (field: string) => problems.find((problem) => problem.field === field)?.problem;
  const invalidAttrs = (field: string) => (problemOf(field) ? ` aria-invalid="true" aria-describedby="case-${field}-error"` : '');
  const errorOf = (field: string) => (problemOf(field) ? `<span class="error" id="case-${field}-error">${escapeText(problemOf(field)!)}</span>` : '');
  const value = (field: keyof PortalCaseValues) => escapeText(values[field] ?? '');
  const input = (field: keyof PortalCaseValues, label: string, type: string, max: number, required: boolean, autocomplete: string) =>
    `<label>${label}<input type="${type}" name="${field}" value="${value(field)}" maxlength="${max}"${required ? ' required' : ''} autocomplete="${autocomplete}"${invalidAttrs(field)}>${errorOf(field)}</label>`;
  const listed = problems.filter((problem) => problem.field);
  const alert = message || listed.length
    ? `<div class="alert" role="alert"><strong>${escapeText(message ?? t.problems)}</strong>${listed.length ? `<ul>${listed.map((problem) => `<li>${escapeText(t.fields[problem.field] ?? problem.field)}: ${escapeText(problem.problem)}</li>`).join('')}</ul>` : ''}</div>`
    : '';
  const selected = values.category ?? '';
  return `<section class="portal-case" id="create-case" aria-labelledby="create-case-heading">${styles}<h2 id="create-case-heading">${t.heading}</h2><p class="muted">${t.intro}</p>${alert}
<form method="post" action="/portal/${portal.slug}/cases" enctype="multipart/form-data" accept-charset="utf-8">
<input type="hidden" name="lang" value="${language}">
${input('name', t.name, 'text', portalCaseLimits.name, true, 'name')}
${input('email', t.email, 'email', portalCaseLimits.email, true, 'email')}
${input('phone', t.phone, 'tel', portalCaseLimits.phone, false, 'tel')}
${categories.length ? `<label>${t.category}<select name="category"${invalidAttrs('category')}>${categories.map((category) => `<option value="${escapeText(category.key)}"${category.key === selected ? ' selected' : ''}>${escapeText(category.name)}</option>`).join('')}</select>${errorOf('category')}</label>` : ''}
${input('subject', t.subject, 'text', portalCaseLimits.subject, true, 'off')}
<label>${t.description}<textarea name="description" rows="6" maxlength="${portalCaseLimits.description}" required${invalidAttrs('description')}>${value('description')}</textarea>${errorOf('description')}</label>
<label>${t.attachments}<input type="file" name="attachments" multiple${invalidAttrs('attachments')}>${errorOf('attachments')}</label>
<div class="hp" aria-hidden="true"><label>${t.honeypot}<input type="text" name="${PORTAL_CASE_HONEYPOT}" tabindex="-1" autocomplete="off"></label></div>
<div><button type="submit">${t.submit}</button></div>
</form></section>`;
}

registerPortalSection((portal, language) => renderCaseForm(portal, language));

const otherUrl = (portal: Portal, language: PortalLanguage, path = '') => `/portal/${portal.slug}${path}?lang=${language === 'ru' ? 'en' : 'ru'}`;

/** The form again with what the visitor typed and every problem named (400/413/429). */
export function renderCaseRefusal(portal: Portal, language: PortalLanguage, values: PortalCaseValues, problems: FieldProblem[], message: string | null): string {
  const t = texts[language];
  return renderPortalPage(portal, language, t.refused, `<section style="grid-column:1/-1"><p><a href="/portal/${portal.slug}?lang=${language}">${t.back}</a></p></section>`, otherUrl(portal, language), { withSections: false }).replace(
    '</main>',
    `</main>${renderCaseForm(portal, language, values, problems, message)}`,
  );
}

export function renderCaseCreated(portal: Portal, language: PortalLanguage, input: { number: string; statusUrl: string; mailed: boolean }): string {
  const t = texts[language];
  const content = `<section class="portal-case" style="grid-column:1/-1;padding:0">${styles}<div class="ok" role="status"><h1>${t.createdTitle}</h1><p>${escapeText(t.created(input.number))}</p>
${input.mailed ? `<p>${t.mailed}</p>` : ''}<p><a href="${escapeText(input.statusUrl)}">${t.statusLink}</a></p></div><p><a href="/portal/${portal.slug}?lang=${language}">${t.back}</a></p></section>`;
  return renderPortalPage(portal, language, t.createdTitle, content, otherUrl(portal, language), { withSections: false });
}

export function renderCaseStatus(portal: Portal, language: PortalLanguage, status: { number: string; subject: string; status: string; createdAt: string; updatedAt: string } | null, token: string): string {
  const t = texts[language];
  const date = (value: string) => new Date(value).toLocaleString(language === 'ru' ? 'ru-RU' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Moscow' });
  const content = status
    ? `<section style="grid-column:1/-1"><h1>${escapeText(t.statusTitle(status.number))}</h1><p><strong>${escapeText(status.subject)}</strong></p>
<dl><dt>${t.statusLabel}</dt><dd data-status="${escapeText(status.status)}">${escapeText(t.statuses[status.status] ?? status.status)}</dd><dt>${t.createdAt}</dt><dd>${date(status.createdAt)}</dd><dt>${t.updatedAt}</dt><dd>${date(status.updatedAt)}</dd></dl>
<p><a href="/portal/${portal.slug}?lang=${language}">${t.back}</a></p></section>`
    : `<section style="grid-column:1/-1"><h1>${t.notFound}</h1><p><a href="/portal/${portal.slug}?lang=${language}">${t.back}</a></p></section>`;
  return renderPortalPage(portal, language, status ? t.statusTitle(status.number) : t.notFound, content, otherUrl(portal, language, `/cases/status/${encodeURIComponent(token)}`), { withSections: false });
}

/** The confirmation email (trusted HTML built here; values escaped). */
export function confirmationEmail(language: PortalLanguage, input: { name: string; number: string; subject: string; statusUrl: string }): { subject: string; html: string } {
  const t = texts[language];
  const greeting = language === 'ru' ? `Здравствуйте, ${escapeText(input.name)}!` : `Hello ${escapeText(input.name)},`;
  return {
    subject: language === 'ru' ? `[${input.number}] Обращение зарегистрировано: ${input.subject}` : `[${input.number}] Case registered: ${input.subject}`,
    html: `<p>${greeting}</p><p>${escapeText(t.created(input.number))}</p><p>${escapeText(input.subject)}</p><p><a href="${escapeText(input.statusUrl)}">${t.statusLink}</a>: ${escapeText(input.statusUrl)}</p>`,
  };
}
