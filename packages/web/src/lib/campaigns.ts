// The campaign editor's model: a draft as the API takes it (packages/shared/src/campaigns.ts), the empty block
// of each type, which block a server error names (`blocks[2].text` → block 2), the placeholders a draft uses
// that the server would refuse, and the report's funnel as an ECharts option.
import { campaignPlaceholders, unknownCampaignPlaceholders, type CampaignAudience, type CampaignBlock, type CampaignStatus } from '@svyaz/shared';

export type { CampaignAudience, CampaignBlock, CampaignStatus };
export const placeholders = campaignPlaceholders;
export const blockTypes = ['heading', 'text', 'image', 'button', 'divider'] as const;
export type BlockType = (typeof blockTypes)[number];

export interface CampaignDraft {
  name: string;
  mailboxId: string;
  language: 'ru' | 'en';
  subject: string;
  /** Empty: no A/B test. */
  subjectB: string;
  abTestPercent: number;
  abTestHours: number;
  preheader: string;
  blocks: CampaignBlock[];
  audience: CampaignAudience | null;
  cost: string;
  attributionDays: number;
}

/** A campaign as the record engine returns it. */
export interface CampaignRecord {
  id: string;
  name: string;
  mailboxId: string;
  language: 'ru' | 'en';
  subject: string;
  subjectB: string | null;
  abTestPercent: number | null;
  abTestHours: number | null;
  abWinner: string | null;
  preheader: string | null;
  blocks?: CampaignBlock[];
  audience: CampaignAudience;
  status: CampaignStatus;
  startAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  audienceCount: number | null;
  lastError: string | null;
  cost: string | number | null;
  attributionDays: number | null;
  sentCount: number | null;
  pendingCount: number | null;
  openedCount?: number | null;
  clickedCount?: number | null;
  ownerId: string | null;
  createdAt: string;
}

export interface AudienceSummary {
  total: number;
  sendable: number;
  noEmail: number;
  suppressed: number;
  noConsent: number;
  confirmRequired: boolean;
}

export interface CampaignReport {
  status: CampaignStatus;
  recipients: number;
  pending: number;
  sent: number;
  delivered: number;
  bounced: number;
  failed: number;
  skipped: number;
  skippedNoConsent: number;
  skippedSuppressed: number;
  skippedNoEmail: number;
  opened: number;
  clicked: number;
  unsubscribed: number;
  opens: number;
  clicks: number;
  replies: number;
  openRate: number;
  clickRate: number;
  unsubscribeRate: number;
  bounceRate: number;
  attributed: { deals: number; dealRevenue: number; orders: number; orderRevenue: number; revenue: number; windowDays: number };
  cost: number;
  roi: number | null;
  links: { url: string; clicks: number; people: number }[];
  abTest: {
    variants: { variant: string; subject: string; sent: number; opened: number; clicked: number; clickRate?: number; openRate?: number }[];
    winner: string | null;
    leader: string | null;
    testEndsAt: string | null;
  } | null;
}

export function emptyBlock(type: BlockType): CampaignBlock {
  switch (type) {
    case 'heading':
      return { type, text: '' };
    case 'text':
      return { type, text: '' };
    case 'image':
      return { type, url: '', alt: '' };
    case 'button':
      return { type, text: '', url: '' };
    default:
      return { type: 'divider' };
  }
}

export function emptyCampaignDraft(language: 'ru' | 'en', mailboxId = ''): CampaignDraft {
  return {
    name: '',
    mailboxId,
    language,
    subject: '',
    subjectB: '',
    abTestPercent: 20,
    abTestHours: 4,
    preheader: '',
    blocks: [
      { type: 'heading', text: language === 'ru' ? 'Здравствуйте, {{contact.firstName}}!' : 'Hello, {{contact.firstName}}!' },
      { type: 'text', text: '' },
    ],
    audience: null,
    cost: '',
    attributionDays: 30,
  };
}

export function draftOf(record: CampaignRecord): CampaignDraft {
  return {
    name: record.name,
    mailboxId: record.mailboxId,
    language: record.language ?? 'ru',
    subject: record.subject,
    subjectB: record.subjectB ?? '',
    abTestPercent: record.abTestPercent ?? 20,
    abTestHours: record.abTestHours ?? 4,
    preheader: record.preheader ?? '',
    blocks: record.blocks ?? [],
    audience: record.audience,
    cost: record.cost === null || record.cost === undefined || Number(record.cost) === 0 ? '' : String(record.cost),
    attributionDays: record.attributionDays ?? 30,
  };
}

/** The body of POST/PATCH /campaigns: optional image alt and link dropped when empty, cost and the A/B fields only when set. */
export function toApiBody(draft: CampaignDraft): Record<string, unknown> {
  const blocks = draft.blocks.map((block): CampaignBlock => {
    if (block.type !== 'image') return block;
    const image: CampaignBlock = { type: 'image', url: block.url.trim() };
    if (block.alt?.trim()) image.alt = block.alt.trim();
    if (block.link?.trim()) image.link = block.link.trim();
    return image;
  });
  const ab = draft.subjectB.trim() !== '';
  return {
    name: draft.name,
    mailboxId: draft.mailboxId,
    language: draft.language,
    subject: draft.subject,
    subjectB: ab ? draft.subjectB : null,
    ...(ab ? { abTestPercent: draft.abTestPercent, abTestHours: draft.abTestHours } : {}),
    preheader: draft.preheader.trim() ? draft.preheader : null,
    blocks,
    ...(draft.audience ? { audience: draft.audience } : {}),
    ...(draft.cost.trim() ? { cost: draft.cost.trim().replace(',', '.') } : {}),
    attributionDays: draft.attributionDays,
  };
}

/** The texts of a draft a placeholder may be in, keyed by the field name the server uses. */
function texts(draft: CampaignDraft): [string, string][] {
  const found: [string, string][] = [['subject', draft.subject], ['subjectB', draft.subjectB], ['preheader', draft.preheader]];
  draft.blocks.forEach((block, index) => {
    if (block.type === 'heading' || block.type === 'text' || block.type === 'button') found.push([`blocks[${index}].text`, block.text]);
  });
  return found;
}

/** Unknown placeholders per field (`subject`, `blocks[1].text`), as the server would refuse them. */
export function unknownPlaceholdersByField(draft: CampaignDraft): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [field, text] of texts(draft)) {
    const unknown = unknownCampaignPlaceholders(text ?? '');
    if (unknown.length) result[field] = unknown;
  }
  return result;
}

/** A server's field problems by the editor's keys: `blocks[2].url` → `blocks.2`, other fields as named. */
export function problemsByField(details: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (!Array.isArray(details)) return result;
  for (const item of details as { field?: string; problem?: string; placeholder?: string }[]) {
    if (!item?.field) continue;
    const block = /^blocks\[(\d+)\]/.exec(item.field);
    const key = block ? `blocks.${block[1]}` : item.field.split(/[.[]/)[0];
    const text = item.placeholder ? `{{${item.placeholder}}}: ${item.problem ?? ''}` : (item.problem ?? '');
    if (!result[key]) result[key] = text;
  }
  return result;
}

/** Inserts `{{name}}` into a text at the caret (or at the end), returning the new text and caret. */
export function insertPlaceholder(text: string, name: string, caret: number | null | undefined): { text: string; caret: number } {
  const token = `{{${name}}}`;
  const at = caret === null || caret === undefined || caret < 0 || caret > text.length ? text.length : caret;
  return { text: text.slice(0, at) + token + text.slice(at), caret: at + token.length };
}

export function moveBlock<T>(list: T[], index: number, step: -1 | 1): T[] {
  const target = index + step;
  if (target < 0 || target >= list.length) return list;
  const copy = [...list];
  [copy[index], copy[target]] = [copy[target], copy[index]];
  return copy;
}

export const isEditable = (status: CampaignStatus) => status === 'draft';
export const isRunning = (status: CampaignStatus) => status === 'sending' || status === 'testing' || status === 'scheduled';

/** A share 0..1 as "12.5 %" in the locale. */
export function formatRate(value: number | null | undefined, locale: 'ru' | 'en'): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { style: 'percent', maximumFractionDigits: 1 }).format(value);
}

/** The report's funnel (delivered → opened → clicked, with bounces and unsubscribes beside) as a horizontal bar chart. */
export function funnelOption(report: CampaignReport, labels: Record<'sent' | 'delivered' | 'opened' | 'clicked' | 'unsubscribed' | 'bounced', string>): Record<string, unknown> {
  const keys = ['sent', 'delivered', 'opened', 'clicked', 'unsubscribed', 'bounced'] as const;
  const values: Record<(typeof keys)[number], number> = {
    sent: report.sent + report.bounced + report.failed,
    delivered: report.delivered,
    opened: report.opened,
    clicked: report.clicked,
    unsubscribed: report.unsubscribed,
    bounced: report.bounced,
  };
  const colours = ['#8aa4c8', '#3d7bd9', '#2f9e74', '#e0912b', '#9b6bd3', '#d9534f'];
  return {
    animation: false,
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: keys.map((key) => labels[key]) },
    series: [{ type: 'bar', data: keys.map((key, index) => ({ value: values[key], itemStyle: { color: colours[index] } })), label: { show: true, position: 'right' }, barMaxWidth: 26 }],
  };
}
