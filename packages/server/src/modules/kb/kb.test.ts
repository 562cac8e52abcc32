// The knowledge base over real databases: sanitising, versions, rights, morphology, suggestions,
// usefulness, experts and the public portal.
import { expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { describeWithWorld, type TestWorld, type UserKey } from '../../test/fixtures.js';
import { sql } from 'drizzle-orm';
import { rows } from '../../db/client.js';
import { sanitizeArticleHtml } from './kb-html.js';

let ipCounter = 0;
const nextIp = () => `10.20.${Math.floor(++ipCounter / 250) % 250}.${ipCounter % 250}`;

async function article(w: TestWorld, payload: Record<string, unknown>) {
  const created = await w.as('head', { method: 'POST', url: '/api/v1/kb/articles', payload });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as { id: string; slug: string; version: number; body: string };
}

async function caseOf(w: TestWorld, user: UserKey, subject: string): Promise<string> {
  const created = await w.as(user, { method: 'POST', url: '/api/v1/cases', payload: { subject } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id as string;
}

async function publicGet(w: TestWorld, url: string, headers: Record<string, string> = {}) {
  const response = await w.app.inject({ method: 'GET', url, remoteAddress: nextIp(), headers });
  return { status: response.statusCode, text: response.body, json: () => response.json() };
}

it('sanitises article HTML: scripts, event handlers and javascript: URLs go, formatting stays', () => {
  const clean = sanitizeArticleHtml('<h2>Шаг 1</h2><p onclick="steal()">Текст <b>жирный</b><script>alert(1)</script></p><a href="javascript:alert(1)">x</a><img src="x" onerror="alert(2)"><iframe src="https://evil.test"></iframe><a href="https://ok.test">ok</a>');
  expect(clean).toContain('<h2>Шаг 1</h2>');
  expect(clean).toContain('<b>жирный</b>');
  expect(clean).not.toMatch(/script|onclick|onerror|javascript:|iframe|alert/);
  expect(clean).toContain('href="https://ok.test"');
});

describeWithWorld('knowledge base', (world) => {
  it('stores a sanitised body, keeps versions of every save and restores one', async () => {
    const w = world();
    const created = await article(w, { title: 'Как вернуть товар', summary: 'Возврат за 14 дней', body: '<p>Шаг первый</p><script>alert(1)</script><p><a href="javascript:void(0)" onmouseover="x()">ссылка</a></p>', status: 'published', language: 'ru' });
    expect(created.body).toContain('<p>Шаг первый</p>');
    expect(created.body).not.toMatch(/script|javascript|onmouseover/);
    const saved = await w.as('head', { method: 'PATCH', url: `/api/v1/kb/articles/${created.id}`, payload: { body: '<p>Шаг второй</p>', expectedVersion: 1 } });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(2);
    const stale = await w.as('head', { method: 'PATCH', url: `/api/v1/kb/articles/${created.id}`, payload: { title: 'Другое', expectedVersion: 1 } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details[0].field).toBe('expectedVersion');
    const versions = await w.as('head', { method: 'GET', url: `/api/v1/kb/articles/${created.id}/versions` });
    expect(versions.body.current).toBe(2);
    expect(versions.body.data.map((version: { version: number }) => version.version)).toEqual([1]);
    const first = await w.as('head', { method: 'GET', url: `/api/v1/kb/articles/${created.id}/versions/1` });
    expect(first.body.body).toContain('Шаг первый');
    const restored = await w.as('head', { method: 'POST', url: `/api/v1/kb/articles/${created.id}/versions/1/restore` });
    expect(restored.status).toBe(200);
    expect(restored.body.body).toContain('Шаг первый');
    expect(restored.body.version).toBe(3);
    expect((await w.as('head', { method: 'GET', url: `/api/v1/kb/articles/${created.id}/versions` })).body.data).toHaveLength(2);
    const bad = await w.as('head', { method: 'POST', url: '/api/v1/kb/articles', payload: { title: '', language: 'de' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((detail: { field: string }) => detail.field).sort()).toEqual(['language', 'title']);
  });

  it('hides drafts from readers, lets everyone read published internal articles and only writers change them', async () => {
    const w = world();
    const draft = await article(w, { title: 'Черновик про скидки', body: '<p>секрет</p>' });
    expect((await w.as('managerA1', { method: 'GET', url: `/api/v1/kb/articles/${draft.id}` })).status).toBe(404);
    const list = await w.as('managerA1', { method: 'GET', url: '/api/v1/kb/articles?q=скидки' });
    expect(list.body.data.some((item: { id: string }) => item.id === draft.id)).toBe(false);
    expect((await w.as('managerA1', { method: 'PATCH', url: `/api/v1/kb/articles/${draft.id}`, payload: { title: 'x' } })).status).toBe(404);
    await w.as('head', { method: 'POST', url: `/api/v1/kb/articles/${draft.id}/publish` });
    const read = await w.as('reader', { method: 'GET', url: `/api/v1/kb/articles/${draft.id}` });
    expect(read.status).toBe(200);
    expect(read.body.status).toBe('published');
    expect((await w.as('managerA1', { method: 'PATCH', url: `/api/v1/kb/articles/${draft.id}`, payload: { title: 'x' } })).status).toBe(403);
    expect((await w.as('managerA1', { method: 'POST', url: '/api/v1/kb/articles', payload: { title: 'Моя статья' } })).status).toBe(403);
  });

  it('finds articles by word forms in Russian and English and misspelt titles', async () => {
    const w = world();
    const ru = await article(w, { title: 'Договор поставки оборудования', body: '<p>Как подписать договор с поставщиком</p>', status: 'published', language: 'ru' });
    const en = await article(w, { title: 'Paying an invoice', body: '<p>Where to find the invoice number</p>', status: 'published', language: 'en' });
    const ids = async (q: string) => (await w.as('managerA1', { method: 'GET', url: `/api/v1/kb/articles?q=${encodeURIComponent(q)}` })).body.data.map((item: { id: string }) => item.id);
    expect(await ids('договоры')).toContain(ru.id);
    expect(await ids('договорами поставок')).toContain(ru.id);
    expect(await ids('invoices')).toContain(en.id);
    expect(await ids('invoices')).not.toContain(ru.id);
    expect(await ids('оборудованея')).toContain(ru.id);
  });

  it("suggests articles for a case's text with snippets, boosted by past resolutions, and records feedback", async () => {
    const w = world();
    const a = await article(w, { title: 'Не приходит SMS с кодом', body: '<p>Если SMS с кодом подтверждения не приходит, проверьте номер телефона и <b>баланс</b>.</p>', status: 'published' });
    const b = await article(w, { title: 'Смена номера телефона', body: '<p>Номер телефона меняется в профиле. Код подтверждения придёт на новый номер.</p>', status: 'published' });
    const text = 'Не приходит код подтверждения. Клиент жалуется: SMS с кодом не приходит на телефон';
    const first = await w.as('managerA1', { method: 'POST', url: '/api/v1/kb/suggest', payload: { text, language: 'ru' } });
    expect(first.status).toBe(200);
    expect(first.body.data[0].id).toBe(a.id);
    expect(first.body.data[0].snippet).toMatch(/<mark>/);
    expect(first.body.data[0].snippet).not.toMatch(/<b>/);
    const caseId = await caseOf(w, 'managerA1', text);
    const marked = await w.as('managerA1', { method: 'POST', url: `/api/v1/kb/articles/${b.id}/feedback`, payload: { kind: 'resolved', caseId } });
    expect(marked.status).toBe(200);
    expect(marked.body.stats.resolutions).toBe(1);
    const again = await w.as('managerA1', { method: 'POST', url: `/api/v1/kb/articles/${b.id}/feedback`, payload: { kind: 'resolved', caseId } });
    expect(again.body.created).toBe(false);
    expect(again.body.stats.resolutions).toBe(1);
    const bad = await w.as('managerA1', { method: 'POST', url: `/api/v1/kb/articles/${b.id}/feedback`, payload: { kind: 'great', caseId: 'nope' } });
    expect(bad.status).toBe(400);
    await w.as('managerA2', { method: 'POST', url: `/api/v1/kb/articles/${a.id}/feedback`, payload: { kind: 'not_helpful' } });
    const report = await w.as('head', { method: 'GET', url: '/api/v1/kb/report' });
    expect(report.body.resolvingMost[0].id).toBe(b.id);
    expect(report.body.failing.some((row: { id: string }) => row.id === a.id)).toBe(true);
    const experts = await w.as('head', { method: 'GET', url: '/api/v1/kb/experts' });
    const names = experts.body.data.map((row: { userId: string }) => row.userId);
    expect(names).toContain(w.users.head.id);
    expect(names).toContain(w.users.managerA1.id);
    await w.as('managerA1', { method: 'POST', url: `/api/v1/kb/articles/${a.id}/views` });
    expect((await w.as('managerA1', { method: 'GET', url: `/api/v1/kb/articles/${a.id}` })).body.stats.views).toBe(1);
  });

  it("counts in the report, the experts and the article's figures only the marks whose case the viewer may read", async () => {
    const w = world();
    const category = await w.as('admin', { method: 'POST', url: '/api/v1/kb/categories', payload: { name: `Доставка ${randomUUID().slice(0, 6)}` } });
    expect(category.status, JSON.stringify(category.body)).toBe(201);
    const shared = await article(w, { title: 'Курьер не приехал', body: '<p>Перенесите доставку</p>', status: 'published', categoryId: category.body.id });
    const draft = await article(w, { title: 'Черновик о доставке', body: '<p>скоро</p>', categoryId: category.body.id });
    // Each manager resolves a case of their own with the shared article; the head also marks a draft on a head's case.
    for (const user of ['managerA1', 'managerA2', 'managerB1'] as const) {
      const caseId = await caseOf(w, user, `Не приехал курьер (${user})`);
      expect((await w.as(user, { method: 'POST', url: `/api/v1/kb/articles/${shared.id}/feedback`, payload: { kind: 'resolved', caseId } })).status).toBe(200);
    }
    const headCase = await caseOf(w, 'head', 'Курьер опоздал');
    expect((await w.as('head', { method: 'POST', url: `/api/v1/kb/articles/${draft.id}/feedback`, payload: { kind: 'resolved', caseId: headCase } })).status).toBe(200);
    expect((await w.as('head', { method: 'POST', url: `/api/v1/kb/articles/${shared.id}/feedback`, payload: { kind: 'not_helpful', caseId: headCase } })).status).toBe(200);
    // A manager cannot mark an article as resolving somebody else's case (nor learn that it exists).
    const foreign = await w.as('managerA1', { method: 'POST', url: `/api/v1/kb/articles/${shared.id}/feedback`, payload: { kind: 'resolved', caseId: headCase } });
    expect(foreign.status).toBe(404);
    // The case screen reads the marks stored on its case: the head's two, the draft only for those who may read drafts.
    const marksOf = async (user: UserKey) => w.as(user, { method: 'GET', url: `/api/v1/kb/cases/${headCase}/feedback` });
    const headMarks = await marksOf('head');
    expect(headMarks.status).toBe(200);
    expect(headMarks.body.data.map((mark: { articleId: string; kind: string }) => `${mark.articleId}:${mark.kind}`).sort()).toEqual([`${draft.id}:resolved`, `${shared.id}:not_helpful`].sort());
    expect((await marksOf('managerA1')).status).toBe(404);
    expect((await w.as('head', { method: 'GET', url: '/api/v1/kb/cases/nope/feedback' })).status).toBe(404);

    const row = async (user: UserKey) => (await w.as(user, { method: 'GET', url: '/api/v1/kb/report' })).body.resolvingMost.find((item: { id: string }) => item.id === shared.id);
    expect(await row('head')).toMatchObject({ resolutions: 3, notHelpful: 1 });
    expect(await row('managerA1')).toMatchObject({ resolutions: 1, notHelpful: 0 });
    const stats = async (user: UserKey) => (await w.as(user, { method: 'GET', url: `/api/v1/kb/articles/${shared.id}` })).body.stats;
    expect(await stats('head')).toMatchObject({ resolutions: 3, notHelpful: 1 });
    expect(await stats('managerB1')).toMatchObject({ resolutions: 1, notHelpful: 0 });

    const experts = async (user: UserKey) => {
      const list = await w.as(user, { method: 'GET', url: `/api/v1/kb/experts?category=${category.body.id}` });
      expect(list.status).toBe(200);
      return Object.fromEntries(list.body.data.map((item: { userId: string; resolutions: number; articlesAuthored: number }) => [item.userId, { resolutions: item.resolutions, articlesAuthored: item.articlesAuthored }]));
    };
    const byHead = await experts('head');
    expect(byHead[w.users.managerA2.id]).toEqual({ resolutions: 1, articlesAuthored: 0 });
    expect(byHead[w.users.managerB1.id]).toEqual({ resolutions: 1, articlesAuthored: 0 });
    expect(byHead[w.users.head.id]).toEqual({ resolutions: 1, articlesAuthored: 1 });
    const byManager = await experts('managerA1');
    expect(byManager[w.users.managerA1.id]).toEqual({ resolutions: 1, articlesAuthored: 0 });
    expect(byManager[w.users.managerA2.id]).toBeUndefined();
    expect(byManager[w.users.managerB1.id]).toBeUndefined();
    // The head's own authored article counts; the draft's resolution on the head's case does not.
    expect(byManager[w.users.head.id]).toEqual({ resolutions: 0, articlesAuthored: 1 });
  });

  it('ranks the article of a long case text first by its telling words, not by the common ones it repeats, and keeps counts up to date', async () => {
    const w = world();
    // Twelve articles on orders, each with all the everyday words of the case text below.
    const everyday = 'Клиент оплатил заказ и ждёт доставку: оплата заказа прошла, счёт на оплату выставлен, курьер доставки не приехал, адрес доставки верный, статус заказа не меняется, возврат заказа не нужен.';
    for (let index = 1; index <= 12; index += 1) {
      await article(w, { title: `Заказ и доставка: вопрос ${index}`, body: `<p>${everyday}</p><p>${everyday}</p>`, status: 'published' });
    }
    const right = await article(w, { title: 'Ошибка синхронизации остатков с 1С', body: '<p>Если остатки не выгружаются в 1С, проверьте обмен: синхронизация остатков идёт раз в час.</p>', status: 'published' });
    // Every common word repeated (the old suggestion kept the 16 most repeated lexemes and lost «синхронизации»).
    const filler = 'Заказ оплачен, заказ ждёт доставку, доставка заказа задерживается, клиент оплатил заказ и ждёт заказ, оплата заказа прошла, счёт на оплату заказа выставлен, доставку заказа обещали, курьер доставки заказа не приехал, адрес доставки заказа верный, статус заказа и оплаты не меняется, возврат заказа не нужен, клиент спрашивает про заказ, оплату, счёт, доставку и курьера ещё раз.';
    const text = `${filler} Кроме того, у клиента ошибка синхронизации: остатки не выгружаются. ${filler}`;
    const suggested = await w.as('managerA1', { method: 'POST', url: '/api/v1/kb/suggest', payload: { text, language: 'ru' } });
    expect(suggested.status).toBe(200);
    expect(suggested.body.data[0].id).toBe(right.id);
    // The counts follow writes: once archived, the article is neither counted nor suggested.
    await w.as('head', { method: 'PATCH', url: `/api/v1/kb/articles/${right.id}`, payload: { status: 'archived', expectedVersion: 1 } });
    const after = await w.as('managerA1', { method: 'POST', url: '/api/v1/kb/suggest', payload: { text, language: 'ru' } });
    expect(after.body.data.map((row: { id: string }) => row.id)).not.toContain(right.id);
    const counts = await rows<{ articles: number }>(w.db, sql`select articles from kb_lexeme_stats where workspace_id = ${w.workspaceId}::uuid and lexeme = 'синхронизац'`);
    expect(Number(counts[0]?.articles ?? 0)).toBe(0);
  });

  it('shows only published public articles on the portal, in both languages, and takes one vote per browser', async () => {
    const w = world();
    const slug = `portal-${w.kind}-${Math.random().toString(36).slice(2, 7)}`;
    expect((await w.as('managerA1', { method: 'PUT', url: '/api/v1/kb/portal', payload: { slug, title: 'Поддержка' } })).status).toBe(403);
    expect((await w.as('admin', { method: 'PUT', url: '/api/v1/kb/portal', payload: { slug, title: 'Поддержка' } })).status).toBe(200);
    const pub = await article(w, { title: 'Оплата счетов картой', body: '<p>Оплатить счёт можно картой</p>', status: 'published', visibility: 'public' });
    const internal = await article(w, { title: 'Оплата счетов внутренняя', body: '<p>Внутренний порядок оплаты</p>', status: 'published', visibility: 'internal' });
    const list = await publicGet(w, `/api/public/kb/${slug}/articles?q=${encodeURIComponent('счета')}`);
    expect(list.status).toBe(200);
    const slugs = list.json().data.map((item: { slug: string }) => item.slug);
    expect(slugs).toContain(pub.slug);
    expect(slugs).not.toContain(internal.slug);
    expect((await publicGet(w, `/api/public/kb/${slug}/articles/${internal.slug}`)).status).toBe(404);
    const page = await publicGet(w, `/portal/${slug}?q=${encodeURIComponent('оплата')}`);
    expect(page.text).toContain('Оплата счетов картой');
    expect(page.text).not.toContain('внутренняя');
    expect((await publicGet(w, `/portal/${slug}?lang=en`)).text).toContain('Search articles');
    const articlePage = await publicGet(w, `/portal/${slug}/articles/${pub.slug}`);
    expect(articlePage.text).toContain('Статья помогла?');
    const vote = async (helpful: boolean, cookie?: string) =>
      w.app.inject({ method: 'POST', url: `/api/public/kb/${slug}/articles/${pub.slug}/rating`, remoteAddress: '10.99.0.1', headers: cookie ? { cookie } : {}, payload: { helpful } });
    const firstVote = await vote(true);
    const cookie = String(firstVote.headers['set-cookie']).split(';')[0];
    const second = await vote(false, cookie);
    const third = await vote(false, cookie);
    expect(third.json()).toMatchObject({ helpfulVotes: 1, unhelpfulVotes: 1 });
    expect(second.statusCode).toBe(200);
    expect((await publicGet(w, `/api/public/kb/unknown-portal/articles`)).status).toBe(404);
  });
});
