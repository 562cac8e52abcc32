// SLA from policy to report, as the people involved meet it: the administrator adds a one-minute first-response
// policy for one customer tier in Settings → SLA (a zero target is refused under its field first) and moves it
// to the top; Anna's case for a customer of that tier gets its deadline (badge on the desk); the SLA sweep job
// runs (queued through POST /sla/sweep on the inline worker, at an instant just past the deadline: the server of
// the e2e runs with SLA_TEST_CLOCK=true, so no test waits for minutes to pass); the head of sales, Anna's team
// head, gets the breach in the notification bell; the case card shows the breach and its timeline the entry; the
// SLA report shows the breach for Anna's team and for Anna, and its breach list the case.
import { test, expect, signIn, apiAs, unique } from './fixtures';

test('a one-minute SLA breaches, the head is told and the SLA report shows it for the team and the person', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const suffix = unique();
  const tier = `Tier-${suffix}`;
  const policyName = `Минутный SLA ${suffix}`;

  // The administrator: Settings → SLA.
  await signIn(page, baseURL, 'admin');
  await page.goto('/settings/sla');
  await expect(page.getByRole('heading', { name: 'График работы поддержки' })).toBeVisible();
  const form = page.getByRole('form', { name: 'Новая политика' });
  await form.getByLabel('Название').fill(policyName);
  await form.getByLabel(/Уровни клиента/).fill(tier);
  await form.getByLabel('Первый ответ, рабочих минут').fill('0');
  await form.getByLabel('Решение, рабочих минут').fill('600');
  await form.getByRole('button', { name: 'Создать политику' }).click();
  // The server refuses the zero target and the form names the field.
  await expect(page.locator('#sla-policy-firstResponseMinutes-error')).toContainText('positive');
  // Nothing was created (the list itself is absent while the workspace has no policy yet).
  await expect(page.getByRole('list', { name: 'Политики SLA' }).getByText(policyName)).toHaveCount(0);
  await form.getByLabel('Первый ответ, рабочих минут').fill('1');
  await form.getByRole('button', { name: 'Создать политику' }).click();
  const policies = page.getByRole('list', { name: 'Политики SLA' });
  await expect(policies).toContainText(policyName);
  await expect(page.locator('#sla-policy-firstResponseMinutes-error')).toHaveCount(0);
  // First match wins: move it above the policies other tests and the demo left.
  const up = page.getByRole('button', { name: `Выше: ${policyName}` });
  const indexOf = async () => (await policies.locator('li').allTextContents()).findIndex((text) => text.includes(policyName));
  for (let index = await indexOf(); index > 0; index = await indexOf()) {
    await up.click();
    await expect.poll(indexOf).toBeLessThan(index);
  }
  await expect(policies.locator('li').first()).toContainText(policyName);

  // Anna's case for a customer of that tier gets the one-minute deadline.
  const anna = await apiAs(baseURL, 'managerA');
  const company = await anna.call('POST', '/companies', { name: `ООО «Минутка ${suffix}»`, tags: [tier] });
  expect(company.status, JSON.stringify(company.body)).toBe(201);
  const subject = `Срочно не работает касса ${suffix}`;
  const created = await anna.call('POST', '/cases', { subject, companyId: company.body.id, priority: 'high' });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const item = created.body as { id: string; number: string; firstResponseDueAt: string; ownerId: string };
  expect(item.firstResponseDueAt).toBeTruthy();

  // The sweep job, queued at once on the inline worker, as if the clock read a minute past the deadline.
  const admin = await apiAs(baseURL, 'admin');
  const sweep = await admin.call('POST', '/sla/sweep', { at: new Date(Date.parse(item.firstResponseDueAt) + 60_000).toISOString() });
  expect(sweep.status, JSON.stringify(sweep.body)).toBe(202);
  const head = await apiAs(baseURL, 'head');
  await expect
    .poll(async () => {
      const notices = await head.call('GET', '/notifications?limit=50');
      return (notices.body.data as { kind: string; recordId: string }[]).some((notice) => notice.kind === 'sla_breach' && notice.recordId === item.id);
    }, { timeout: 30_000 })
    .toBe(true);

  // The head: the bell has the breach, the case card shows it, the report counts it.
  await signIn(page, baseURL, 'head');
  await page.goto('/service-desk');
  await page.getByRole('button', { name: /Уведомления/ }).click();
  await expect(page.getByRole('region', { name: 'Уведомления' })).toContainText(`Просрочен первый ответ: ${item.number}`);
  await page.goto(`/cases/${item.id}`);
  await expect(page.getByRole('heading', { name: subject })).toBeVisible();
  await expect(page.getByText('Просрочен первый ответ').first()).toBeVisible();

  await page.goto('/service-desk');
  await page.getByRole('link', { name: 'Отчёт SLA' }).click();
  await expect(page.getByRole('heading', { name: 'Соблюдение SLA' })).toBeVisible();
  // After hours a one-business-minute deadline (and the breach the sweep records a minute past it) falls on the
  // next working morning: the period runs to the day after the breach (Moscow time), so the list includes it.
  await page.locator('#sla-to').fill(new Date(Date.parse(item.firstResponseDueAt) + 60_000 + 3 * 3_600_000 + 86_400_000).toISOString().slice(0, 10));
  const byTeam = page.getByRole('region', { name: 'По командам' });
  await expect(byTeam.getByRole('img', { name: 'По командам' })).toBeVisible();
  const teamRow = byTeam.getByRole('row').filter({ hasText: 'Отдел продаж' });
  await expect(teamRow).toBeVisible();
  const byPerson = page.getByRole('region', { name: 'По сотрудникам' });
  const annaRow = byPerson.getByRole('row').filter({ hasText: 'Анна' });
  await expect(annaRow).toBeVisible();
  // Drill down: Anna's breaches list the case.
  await annaRow.getByRole('button').click();
  const breaches = page.getByRole('table', { name: 'Нарушения SLA' });
  await expect(page.getByRole('heading', { name: /Нарушения SLA · Анна/ })).toBeVisible();
  const breachRow = breaches.getByRole('row').filter({ hasText: item.number });
  await expect(breachRow).toContainText('Первый ответ');
  await breachRow.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/cases/${item.id}$`));
});
