import { describe, expect, it } from 'vitest';
import { articleReplyHtml, buildCategoryTree, caseReplySubject, flattenCategoryTree, mayWriteKb, parseTags, ratingPercent, type KbCategory } from './api';
import { usefulnessChartOption } from './KbReportPage';
import { caseSuggestText } from './SuggestedArticles';
import { cleanArticleHtml } from './RichTextEditor';

const category = (id: string, name: string, parentId: string | null, articleCount: number, position = 0): KbCategory => ({ id, name, parentId, articleCount, position });

describe('category tree', () => {
  it('nests children under parents, orders by position then name and sums article counts upwards', () => {
    const tree = buildCategoryTree([
      category('pay', 'Оплата', null, 2, 1),
      category('cards', 'Карты', 'pay', 3),
      category('sbp', 'СБП', 'cards', 1),
      category('ship', 'Доставка', null, 4, 0),
      category('acts', 'Акты', 'pay', 0),
    ]);
    expect(tree.map((node) => node.name)).toEqual(['Доставка', 'Оплата']);
    const pay = tree[1];
    expect(pay.total).toBe(6);
    expect(pay.children.map((node) => node.name)).toEqual(['Акты', 'Карты']);
    expect(pay.children[1].total).toBe(4);
    expect(flattenCategoryTree(tree).map((node) => `${node.depth}:${node.name}`)).toEqual(['0:Доставка', '0:Оплата', '1:Акты', '1:Карты', '2:СБП']);
  });

  it('keeps a category whose parent is gone, or which loops, at the top level instead of losing it', () => {
    const tree = buildCategoryTree([category('a', 'A', 'b', 1), category('b', 'B', 'a', 1), category('c', 'C', 'gone', 2)]);
    const names = flattenCategoryTree(tree).map((node) => node.name).sort();
    expect(names).toEqual(['A', 'B', 'C']);
    expect(tree.find((node) => node.name === 'C')?.total).toBe(2);
  });
});

describe('reply text', () => {
  const article = { title: 'Возврат <товара>', body: '<p>Шаги</p>', slug: 'vozvrat', visibility: 'public' as const };
  it('puts the title (escaped) and body, and a portal link only for a public article on an enabled portal', () => {
    const withLink = articleReplyHtml(article, { slug: 'help', enabled: true }, 'https://crm.example.ru', 'Статья на портале');
    expect(withLink).toContain('<b>Возврат &lt;товара&gt;</b>');
    expect(withLink).toContain('<p>Шаги</p>');
    expect(withLink).toContain('href="https://crm.example.ru/portal/help/articles/vozvrat"');
    expect(articleReplyHtml(article, { slug: 'help', enabled: false }, 'https://x', 'L')).not.toContain('portal');
    expect(articleReplyHtml({ ...article, visibility: 'internal' }, { slug: 'help', enabled: true }, 'https://x', 'L')).not.toContain('portal');
  });

  it('answers a case with its number in the subject, once', () => {
    expect(caseReplySubject('CS-000012', 'Не приходит SMS')).toBe('Re: [CS-000012] Не приходит SMS');
    expect(caseReplySubject('CS-000012', 'Re: [CS-000012] Не приходит SMS')).toBe('Re: [CS-000012] Не приходит SMS');
    expect(caseReplySubject('CS-000012', '[CS-000012] Не приходит SMS')).toBe('Re: [CS-000012] Не приходит SMS');
    expect(caseReplySubject(undefined, 'Тема')).toBe('Re: Тема');
  });

  it('matches a case on its subject and description', () => {
    expect(caseSuggestText({ id: '1', subject: 'Не приходит код', description: 'Клиент ждёт SMS' })).toBe('Не приходит код\nКлиент ждёт SMS');
    expect(caseSuggestText({ id: '1', subject: 'Тема', description: null })).toBe('Тема');
    expect(caseSuggestText({ id: '1', subject: '  ', description: undefined })).toBe('');
  });
});

describe('small helpers', () => {
  it('rates as a whole percent of helpful votes, none without votes', () => {
    expect(ratingPercent({ helpfulVotes: 0, unhelpfulVotes: 0 })).toBeNull();
    expect(ratingPercent({ helpfulVotes: 2, unhelpfulVotes: 1 })).toBe(67);
  });

  it('splits tags by commas, trimmed, without empties or repeats', () => {
    expect(parseTags(' ремонт, гарантия ,, Ремонт,sms ')).toEqual(['ремонт', 'гарантия', 'sms']);
  });

  it('lets only knowledge_base writers edit', () => {
    expect(mayWriteKb({ knowledge_base: { read: 'none', create: 'none', update: 'none' } })).toBe(false);
    expect(mayWriteKb({ knowledge_base: { read: 'all', create: 'all', update: 'all' } })).toBe(true);
    expect(mayWriteKb({})).toBe(false);
  });

  it('charts resolutions and unhelpful marks per article, cutting long titles', () => {
    const option = usefulnessChartOption(
      [{ id: '1', title: 'Очень длинный заголовок статьи про возврат', slug: 's', visibility: 'internal', views: 9, resolutions: 4, notHelpful: 1, helpfulVotes: 0, unhelpfulVotes: 0 }],
      { resolutions: 'Решено', notHelpful: 'Не помогла' },
    ) as { yAxis: { data: string[] }; series: { name: string; data: number[] }[] };
    expect(option.yAxis.data[0]).toHaveLength(28);
    expect(option.yAxis.data[0].endsWith('…')).toBe(true);
    expect(option.series.map((series) => [series.name, series.data])).toEqual([
      ['Решено', [4]],
      ['Не помогла', [1]],
    ]);
  });

  it('cleans pasted HTML down to what the server keeps', () => {
    const clean = cleanArticleHtml('<p style="color:red" class="x" onclick="a()">Текст <b>жирный</b></p><script>alert(1)</script><a href="javascript:alert(1)">x</a><a href="https://ok.ru">ok</a>');
    expect(clean).toBe('<p>Текст <b>жирный</b></p><a>x</a><a href="https://ok.ru">ok</a>');
  });
});
