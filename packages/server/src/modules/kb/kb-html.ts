// Article bodies are sanitised on the server, whatever the editor sent: formatting, headings, lists,
// tables, links and images stay; scripts, styles, event handlers, forms, frames and javascript: URLs go.
import sanitizeHtml from 'sanitize-html';
import { htmlToText } from '../email/email-html.js';

const options: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'b', 'strong', 'i', 'em', 'u', 's', 'strike', 'a', 'ul', 'ol', 'li', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'span', 'div', 'hr', 'pre', 'code', 'table', 'thead', 'tbody', 'tr', 'td', 'th', 'sub', 'sup', 'img', 'figure', 'figcaption'],
  allowedAttributes: { a: ['href', 'title', 'target', 'rel'], img: ['src', 'alt', 'title', 'width', 'height'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }) },
  nonTextTags: ['style', 'script', 'textarea', 'option', 'noscript', 'title', 'head', 'iframe', 'object'],
};

export function sanitizeArticleHtml(html: string): string {
  return sanitizeHtml(html, options).trim();
}

/** The plain text of a sanitised body: what search indexes and snippets quote. */
export function articleText(html: string): string {
  // eslint-disable-next-line no-control-regex
  return htmlToText(html).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (char) => entities[char]!);
}

/** Marks ts_headline put around matches (control characters no article text contains), turned into <mark>. */
export const HIGHLIGHT_START = '\u0002';
export const HIGHLIGHT_STOP = '\u0003';
export function highlightToHtml(headline: string): string {
  return escapeText(headline).split(HIGHLIGHT_START).join('<mark>').split(HIGHLIGHT_STOP).join('</mark>');
}

const cyrillic: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

/** A URL slug from a title (Cyrillic transliterated), without the uniqueness suffix. */
export function slugify(title: string): string {
  const latin = [...title.toLowerCase()].map((char) => cyrillic[char] ?? char).join('');
  return latin.normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '') || 'article';
}
