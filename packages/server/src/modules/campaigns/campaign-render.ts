// A campaign's blocks become one email: compiled once per campaign to HTML and text in which placeholders
// ({{contact.firstName}}…) and tracking marks (the open pixel, each link's click redirect, the unsubscribe
// link) are left to fill, then personalised per recipient by string replacement, which is what keeps
// rendering far cheaper than sending. Every text from the campaign is escaped; a text block written as
// HTML goes through the email module's sanitiser (email-html.ts), and its links are tracked like buttons.
import { PLACEHOLDER_PATTERN, unknownCampaignPlaceholders, type CampaignBlock } from '@svyaz/shared';
import { invalid } from '../../core/errors.js';
import { escapeHtml, sanitizeEmailHtml, textToHtml } from '../email/email-html.js';
import { fillPlaceholders, formatDate } from '../email/email-templates.service.js';

export interface CompiledCampaign {
  html: string;
  text: string;
  /** The campaign's own links, by index: the click redirect goes only to these. */
  links: string[];
}

type Lang = 'ru' | 'en';
const OPEN = '%%SVZ_OPEN%%';
const UNSUBSCRIBE = '%%SVZ_UNSUBSCRIBE%%';
const CLICK = /%%SVZ_CLICK_(\d+)%%/g;
const click = (index: number) => `%%SVZ_CLICK_${index}%%`;

const footer = {
  ru: (url: string) => `Вы получили это письмо, потому что согласились получать наши новости. <a href="${url}">Отписаться</a>`,
  en: (url: string) => `You received this email because you agreed to hear from us. <a href="${url}">Unsubscribe</a>`,
};
const footerText = { ru: 'Отписаться', en: 'Unsubscribe' };

/** 400 naming the field for each placeholder outside the list (subject, subject B, each block's texts). */
export function checkCampaignPlaceholders(input: { subject?: string; subjectB?: string | null; preheader?: string | null; blocks?: CampaignBlock[] }): void {
  const texts: [string, string | null | undefined][] = [['subject', input.subject], ['subjectB', input.subjectB], ['preheader', input.preheader]];
  (input.blocks ?? []).forEach((block, index) => {
    if ('text' in block) texts.push([`blocks[${index}].text`, block.text]);
    if (block.type === 'image') texts.push([`blocks[${index}].alt`, block.alt]);
  });
  for (const [field, text] of texts) {
    const unknown = text ? unknownCampaignPlaceholders(text) : [];
    if (unknown.length) throw invalid(field, `{{${unknown[0]}}} is not a known placeholder`, { placeholder: unknown[0] });
  }
}

/** The placeholders a campaign uses (subject, blocks), each once. */
export function usedPlaceholders(subjects: (string | null | undefined)[], blocks: CampaignBlock[]): string[] {
  const texts = [...subjects, ...blocks.flatMap((block) => ('text' in block ? [block.text] : block.type === 'image' ? [block.alt ?? ''] : []))];
  const names = new Set<string>();
  for (const text of texts) for (const match of (text ?? '').matchAll(PLACEHOLDER_PATTERN)) names.add(match[1]);
  return [...names];
}

function trackedHtml(html: string, links: string[]): string {
  return html.replace(/href="(https?:\/\/[^"]+)"/g, (_match, url: string) => {
    const decoded = url.replace(/&amp;/g, '&');
    links.push(decoded);
    return `href="${click(links.length - 1)}"`;
  });
}

export function compileCampaign(blocks: CampaignBlock[], language: Lang, preheader?: string | null): CompiledCampaign {
  const links: string[] = [];
  const html: string[] = [];
  const text: string[] = [];
  const linkOf = (url: string) => {
    links.push(url);
    return click(links.length - 1);
  };
  for (const block of blocks) {
    if (block.type === 'heading') {
      html.push(`<h2 style="font-size:22px;margin:0 0 16px">${escapeHtml(block.text)}</h2>`);
      text.push(block.text);
    } else if (block.type === 'text') {
      const asHtml = /<[a-z][^>]*>/i.test(block.text) ? sanitizeEmailHtml(block.text) : textToHtml(block.text);
      html.push(`<div style="font-size:16px;line-height:1.5;margin:0 0 16px">${trackedHtml(asHtml, links)}</div>`);
      text.push(/<[a-z][^>]*>/i.test(block.text) ? asHtml.replace(/<[^>]+>/g, '') : block.text);
    } else if (block.type === 'image') {
      const image = `<img src="${escapeHtml(block.url)}" alt="${escapeHtml(block.alt ?? '')}" style="max-width:100%;border:0;display:block">`;
      html.push(`<div style="margin:0 0 16px">${block.link ? `<a href="${linkOf(block.link)}">${image}</a>` : image}</div>`);
      if (block.alt) text.push(block.alt);
    } else if (block.type === 'button') {
      const href = linkOf(block.url);
      html.push(`<p style="margin:0 0 16px"><a href="${href}" style="display:inline-block;background:#2f6fe4;color:#ffffff;text-decoration:none;padding:12px 22px;border-radius:6px;font-size:16px">${escapeHtml(block.text)}</a></p>`);
      text.push(`${block.text}: ${href}`);
    } else {
      html.push('<hr style="border:0;border-top:1px solid #dde1e8;margin:20px 0">');
      text.push('----------');
    }
  }
  if (links.length > 255) throw invalid('blocks', 'a campaign may have at most 255 links');
  const hidden = preheader ? `<div style="display:none;max-height:0;overflow:hidden">${escapeHtml(preheader)}</div>` : '';
  const body = `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"></head>
<body style="margin:0;padding:0;background:#f4f5f7"><div style="max-width:600px;margin:0 auto;padding:24px;background:#ffffff;font-family:Arial,Helvetica,sans-serif;color:#1d2330">${hidden}${html.join('\n')}
<p style="font-size:12px;color:#6b7280;margin-top:32px">${footer[language](UNSUBSCRIBE)}</p></div><img src="${OPEN}" width="1" height="1" alt="" style="display:block;border:0"></body></html>`;
  return { html: body, text: `${text.join('\n\n')}\n\n--\n${footerText[language]}: ${UNSUBSCRIBE}`, links };
}

export interface Tracking {
  open: string;
  unsubscribe: string;
  click(index: number): string;
}

/** The message for one recipient: placeholders filled (escaped in HTML), tracking marks replaced. */
export function personalise(compiled: CompiledCampaign, values: Record<string, string>, tracking: Tracking): { html: string; text: string } {
  const withUnsubscribe = { ...values, unsubscribeUrl: tracking.unsubscribe };
  const html = fillPlaceholders(compiled.html, withUnsubscribe, true)
    .replace(OPEN, tracking.open)
    .replace(UNSUBSCRIBE, escapeHtml(tracking.unsubscribe))
    .replace(CLICK, (_match, index: string) => escapeHtml(tracking.click(Number(index))));
  const text = fillPlaceholders(compiled.text, withUnsubscribe, false)
    .replace(UNSUBSCRIBE, tracking.unsubscribe)
    .replace(CLICK, (_match, index: string) => tracking.click(Number(index)));
  return { html, text };
}

export interface RecipientData {
  email: string;
  firstName: string | null;
  lastName: string | null;
  middleName: string | null;
  position: string | null;
  city: string | null;
  companyName: string | null;
  companyCity: string | null;
  ownerName: string | null;
  ownerEmail: string | null;
}

export function placeholderValuesFor(recipient: RecipientData, language: Lang, today = formatDate(new Date().toISOString(), language)): Record<string, string> {
  const text = (value: string | null) => value ?? '';
  return {
    'contact.firstName': text(recipient.firstName),
    'contact.lastName': text(recipient.lastName),
    'contact.middleName': text(recipient.middleName),
    'contact.fullName': [recipient.firstName, recipient.lastName].filter(Boolean).join(' '),
    'contact.position': text(recipient.position),
    'contact.city': text(recipient.city),
    'contact.email': recipient.email,
    'company.name': text(recipient.companyName),
    'company.city': text(recipient.companyCity),
    'owner.name': text(recipient.ownerName),
    'owner.email': text(recipient.ownerEmail),
    today,
  };
}

/** The placeholders that come out empty for this recipient (the preview and the start check list them). */
export function emptyPlaceholders(used: string[], values: Record<string, string>): string[] {
  return used.filter((name) => name !== 'unsubscribeUrl' && (values[name] ?? '') === '');
}

export const renderMarks = { OPEN, UNSUBSCRIBE };
