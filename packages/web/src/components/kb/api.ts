// The knowledge base as the web app sees it: the shapes /api/v1/kb answers with (see the server's
// kb.schemas.ts) and the pure helpers the screens share (category tree, reply text, rights).
import type { Permissions } from '../../api/types';
import { can } from '../../app/session';

export type KbStatus = 'draft' | 'published' | 'archived';
export type KbVisibility = 'internal' | 'public';
export type KbLanguage = 'ru' | 'en';

export interface KbArticleSummary {
  id: string;
  slug: string;
  title: string;
  summary: string;
  categoryId: string | null;
  categoryName: string | null;
  tags: string[];
  language: KbLanguage;
  status: KbStatus;
  visibility: KbVisibility;
  authorId: string | null;
  authorName: string | null;
  version: number;
  resolvedCount: number;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  views?: number;
}

export interface KbStats {
  views: number;
  resolutions: number;
  notHelpful: number;
  helpfulVotes: number;
  unhelpfulVotes: number;
  rating: number | null;
}

export interface KbAttachment {
  id: string;
  name: string;
  contentType: string;
  size: number;
  createdAt: string;
}

export interface KbArticle extends KbArticleSummary {
  body: string;
}

export interface KbArticleDetail extends KbArticle {
  stats: KbStats;
  attachments: KbAttachment[];
}

export interface KbVersion {
  id: string;
  version: number;
  title: string;
  summary: string;
  body?: string;
  categoryId: string | null;
  tags: string[];
  language: string;
  status: string;
  visibility: string;
  savedBy: string | null;
  savedByName: string | null;
  savedAt: string;
}

export interface KbCategory {
  id: string;
  parentId: string | null;
  name: string;
  position: number;
  articleCount: number;
}

export interface KbSuggestion {
  id: string;
  slug: string;
  title: string;
  summary: string;
  language: string;
  visibility: string;
  resolvedCount: number;
  score: number;
  snippet: string;
}

export interface KbReportRow {
  id: string;
  title: string;
  slug: string;
  visibility: string;
  views: number;
  resolutions: number;
  notHelpful: number;
  helpfulVotes: number;
  unhelpfulVotes: number;
  failScore?: number;
}

export interface KbReport {
  days: number;
  resolvingMost: KbReportRow[];
  failing: KbReportRow[];
}

export interface KbExpert {
  userId: string;
  name: string;
  email: string;
  articlesAuthored: number;
  resolutions: number;
  score: number;
}

/** Whether the user writes articles (the knowledge_base create or update right). */
export function mayWriteKb(permissions: Permissions): boolean {
  return can(permissions, 'knowledge_base', 'create') || can(permissions, 'knowledge_base', 'update');
}

export interface CategoryNode extends KbCategory {
  depth: number;
  /** Articles in this category and all below it. */
  total: number;
  children: CategoryNode[];
}

/**
 * The flat category list (with parentId) as a tree in display order (position, then name), each node with
 * the total of its own and its descendants' articles. A category whose parent is missing (or which would
 * close a loop) is shown at the top level rather than lost.
 */
export function buildCategoryTree(categories: KbCategory[], locale = 'ru'): CategoryNode[] {
  const byId = new Map(categories.map((category) => [category.id, category]));
  const nodes = new Map<string, CategoryNode>(categories.map((category) => [category.id, { ...category, depth: 0, total: category.articleCount, children: [] }]));
  const roots: CategoryNode[] = [];
  const reachesRootSafely = (id: string): boolean => {
    const seen = new Set<string>();
    let current: string | null = id;
    while (current) {
      if (seen.has(current)) return false;
      seen.add(current);
      const parent: string | null = byId.get(current)?.parentId ?? null;
      if (parent && !byId.has(parent)) return true;
      current = parent;
    }
    return true;
  };
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent && reachesRootSafely(node.id)) parent.children.push(node);
    else roots.push(node);
  }
  const order = (list: CategoryNode[]) => list.sort((a, b) => a.position - b.position || a.name.localeCompare(b.name, locale));
  const walk = (list: CategoryNode[], depth: number): number => {
    let sum = 0;
    for (const node of order(list)) {
      node.depth = depth;
      node.total = node.articleCount + walk(node.children, depth + 1);
      sum += node.total;
    }
    return sum;
  };
  walk(roots, 0);
  return roots;
}

/** The tree flattened depth-first (for a <select> with indented options). */
export function flattenCategoryTree(tree: CategoryNode[]): CategoryNode[] {
  return tree.flatMap((node) => [node, ...flattenCategoryTree(node.children)]);
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => escapes[char]!);

/**
 * What "insert into reply" puts in the email: the article's text for internal articles (the customer
 * cannot open them), and for public ones also a link to the portal page when the portal is on.
 */
export function articleReplyHtml(article: Pick<KbArticle, 'title' | 'body' | 'visibility' | 'slug'>, portal: { slug: string | null; enabled: boolean } | null, origin: string, linkLabel: string): string {
  const parts = [`<p><b>${escapeHtml(article.title)}</b></p>`, article.body];
  if (article.visibility === 'public' && portal?.enabled && portal.slug) {
    const url = `${origin}/portal/${encodeURIComponent(portal.slug)}/articles/${encodeURIComponent(article.slug)}`;
    parts.push(`<p>${escapeHtml(linkLabel)}: <a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`);
  }
  return parts.join('');
}

/** The subject of an answer on a case, carrying its number so the customer's reply threads back to it. */
export function caseReplySubject(number: unknown, subject: unknown): string {
  const text = typeof subject === 'string' ? subject.trim() : '';
  const tag = typeof number === 'string' && number ? `[${number}] ` : '';
  if (tag && text.includes(tag.trim())) return /^re:/i.test(text) ? text : `Re: ${text}`;
  return `Re: ${tag}${text}`.trim();
}

/** A rating shown to a person: the share of helpful votes as a whole percent, or null without votes. */
export function ratingPercent(stats: Pick<KbStats, 'helpfulVotes' | 'unhelpfulVotes'>): number | null {
  const total = stats.helpfulVotes + stats.unhelpfulVotes;
  return total === 0 ? null : Math.round((stats.helpfulVotes / total) * 100);
}

/** "ремонт, гарантия ,, ремонт" → ['ремонт', 'гарантия'] (trimmed, no empties, no repeats). */
export function parseTags(text: string): string[] {
  const seen = new Set<string>();
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item && !seen.has(item.toLowerCase()) && seen.add(item.toLowerCase()));
}
