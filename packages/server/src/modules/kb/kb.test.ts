// The knowledge base over real databases: sanitising, versions, rights, morphology, suggestions,
// usefulness, experts and the public portal.
import { expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { describeWithWorld, type TestWorld } from '../../test/fixtures.js';
import { sanitizeArticleHtml } from './kb-html.js';

let ipCounter = 0;
const nextIp = () => `10.20.${Math.floor(++ipCounter / 250) % 250}.${ipCounter % 250}`;

async function article(w: TestWorld, payload: Record<string, unknown>) {
  const created = await w.as('head', { method: 'POST', url: '/api/v1/kb/articles', payload });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as { id: string; slug: string; version: number; body: string };
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
    const caseId = randomUUID();
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
    const experts = await w.as('managerB1', { method: 'GET', url: '/api/v1/kb/experts' });
    const names = experts.body.data.map((row: { userId: string }) => row.userId);
    expect(names).toContain(w.users.head.id);
    expect(names).toContain(w.users.managerA1.id);
    await w.as('managerA1', { method: 'POST', url: `/api/v1/kb/articles/${a.id}/views` });
    expect((await w.as('managerA1', { method: 'GET', url: `/api/v1/kb/articles/${a.id}` })).body.stats.views).toBe(1);
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
