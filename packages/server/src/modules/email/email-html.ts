// Email bodies are sanitised on the server, whatever the client sent or the sender wrote: formatting,
// links and tables stay; scripts, styles, event handlers, forms and remote images go.
import sanitizeHtml from 'sanitize-html';

const options: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'b', 'strong', 'i', 'em', 'u', 's', 'strike', 'a', 'ul', 'ol', 'li', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'span', 'div', 'hr', 'pre', 'code', 'table', 'thead', 'tbody', 'tr', 'td', 'th', 'sub', 'sup'],
  allowedAttributes: { a: ['href', 'title', 'target', 'rel'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowProtocolRelative: false,
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }) },
  nonTextTags: ['style', 'script', 'textarea', 'option', 'noscript', 'title', 'head'],
};

export function sanitizeEmailHtml(html: string): string {
  return sanitizeHtml(html, options).trim();
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' };

/** A plain-text alternative of an HTML body (paragraphs and line breaks kept, list items as "- "). */
export function htmlToText(html: string): string {
  const marked = html
    .replace(/<\s*br\s*\/?>/gi, '\n')
    .replace(/<\s*li[^>]*>/gi, '\n- ')
    .replace(/<\/\s*(p|div|h[1-6]|blockquote|tr|ul|ol|pre)\s*>/gi, '\n\n')
    .replace(/<a\s[^>]*href="([^"]*)"[^>]*>(.*?)<\/a>/gi, (_m, href: string, text: string) => (text.includes(href) || !href ? text : `${text} (${href})`));
  const stripped = sanitizeHtml(marked, { allowedTags: [], allowedAttributes: {}, nonTextTags: options.nonTextTags });
  return stripped
    .replace(/&(#?\w+);/g, (match, name: string) => entities[name] ?? (name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : match))
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Plain text as HTML paragraphs (for incoming mail that has no HTML part). */
export function textToHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('');
}
