import { test, expect, signIn, apiAs, unique } from './fixtures';

// The browser runs in Europe/Moscow (UTC+3, no daylight saving): days are counted there.
const MSK_MS = 3 * 3600_000;
const mskDay = (offsetDays: number) => new Date(Date.now() + MSK_MS + offsetDays * 86_400_000).toISOString().slice(0, 10);
const mskWeekday = (day: string) => new Date(`${day}T12:00:00Z`).getUTCDay();
const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** Another day of the same Monday-to-Sunday week, so both are on one screen. */
const neighbour = (day: string) => (mskWeekday(day) === 0 ? addDays(day, -1) : addDays(day, 1));

test('drag a task to another day in the month view; it stays moved after a reload', async ({ page, baseURL }) => {
  const anna = await apiAs(baseURL, 'managerA');
  const day = mskDay(10);
  const target = neighbour(day);
  const title = `Позвонить в банк ${unique()}`;
  const task = await anna.call('POST', '/tasks', { title, dueAt: `${day}T10:30:00+03:00`, remindAt: `${day}T10:00:00+03:00` });
  expect(task.status).toBe(201);

  await signIn(page, baseURL, 'managerA');
  await page.goto('/my');
  await page.getByRole('navigation', { name: 'Главное меню' }).getByRole('link', { name: 'Календарь' }).click();
  await expect(page.getByRole('heading', { name: 'Календарь' })).toBeVisible();
  await page.goto(`/calendar?view=month&date=${day}`);
  // Weeks start on Monday in Russian.
  await expect(page.getByRole('columnheader').first()).toHaveText('пн');
  const item = page.locator(`[data-day="${day}"] [data-item-id="${task.body.id}"]`);
  await expect(item).toContainText(title);
  await expect(item).toContainText('10:30');

  await item.dragTo(page.locator(`[data-day="${target}"] .cal-day-head`));
  await expect(page.getByText(`«${title}» перенесено`)).toBeVisible();
  await expect(page.locator(`[data-day="${target}"] [data-item-id="${task.body.id}"]`)).toBeVisible();

  await page.reload();
  await expect(page.locator(`[data-day="${target}"] [data-item-id="${task.body.id}"]`)).toContainText('10:30');
  await expect(page.locator(`[data-day="${day}"] [data-item-id="${task.body.id}"]`)).toHaveCount(0);
  const stored = await anna.call('GET', `/tasks/${task.body.id}`);
  expect(stored.body.dueAt).toBe(new Date(`${target}T10:30:00+03:00`).toISOString());
  // The reminder moved with it, keeping its half-hour lead.
  expect(stored.body.remindAt).toBe(new Date(`${target}T10:00:00+03:00`).toISOString());
});

test('drag a task to another day and time in the week view', async ({ page, baseURL }) => {
  const anna = await apiAs(baseURL, 'managerA');
  const day = mskDay(52);
  const target = neighbour(day);
  const task = await anna.call('POST', '/tasks', { title: `Отправить КП ${unique()}`, dueAt: `${day}T10:30:00+03:00` });
  await signIn(page, baseURL, 'managerA');
  await page.goto(`/calendar?view=week&date=${day}`);
  const item = page.locator(`[data-day="${day}"] [data-item-id="${task.body.id}"]`);
  await expect(item).toBeVisible();
  // 44 px an hour: a point just below 12:00 in the other day's column means 12:00.
  await item.dragTo(page.locator(`.cal-column[data-day="${target}"]`), { targetPosition: { x: 20, y: 12 * 44 + 5 } });
  await expect(page.locator(`[data-day="${target}"] [data-item-id="${task.body.id}"]`)).toContainText('12:00');
  await expect.poll(async () => (await anna.call('GET', `/tasks/${task.body.id}`)).body.dueAt).toBe(new Date(`${target}T12:00:00+03:00`).toISOString());
});

test('reschedule from the keyboard, and open an item to pick a new time', async ({ page, baseURL }) => {
  const anna = await apiAs(baseURL, 'managerA');
  const day = mskDay(17);
  const title = `Встреча с поставщиком ${unique()}`;
  const meeting = await anna.call('POST', '/activities', { kind: 'meeting', subject: title, occurredAt: `${day}T14:00:00+03:00`, endsAt: `${day}T15:00:00+03:00` });
  expect(meeting.status).toBe(201);

  await signIn(page, baseURL, 'managerA');
  await page.goto(`/calendar?view=week&date=${day}`);
  const item = page.locator(`[data-item-id="${meeting.body.id}"]`);
  await expect(item).toContainText(title);
  await item.focus();
  // Shift+↓ moves half an hour later; focus stays on the item.
  await page.keyboard.press('Shift+ArrowDown');
  await expect(page.getByText(`«${title}» перенесено`)).toBeVisible();
  await expect(item).toBeFocused();
  await expect.poll(async () => (await anna.call('GET', `/activities/${meeting.body.id}`)).body.occurredAt).toBe(new Date(`${day}T14:30:00+03:00`).toISOString());
  expect((await anna.call('GET', `/activities/${meeting.body.id}`)).body.endsAt).toBe(new Date(`${day}T15:30:00+03:00`).toISOString());

  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: title });
  await dialog.getByLabel('Перенести на').fill(`${day}T09:15`);
  await dialog.getByRole('button', { name: 'Перенести' }).click();
  await expect(dialog).toHaveCount(0);
  await expect.poll(async () => (await anna.call('GET', `/activities/${meeting.body.id}`)).body.occurredAt).toBe(new Date(`${day}T09:15:00+03:00`).toISOString());
});

test('a move the server refuses is put back with its reason', async ({ page, baseURL }) => {
  const anna = await apiAs(baseURL, 'managerA');
  const day = mskDay(24);
  const target = neighbour(day);
  const task = await anna.call('POST', '/tasks', { title: `Исчезнет ${unique()}`, dueAt: `${day}T11:00:00+03:00` });
  await signIn(page, baseURL, 'managerA');
  await page.goto(`/calendar?view=month&date=${day}`);
  const item = page.locator(`[data-day="${day}"] [data-item-id="${task.body.id}"]`);
  await expect(item).toBeVisible();
  // The task is deleted elsewhere: the server answers 404 and the item returns to its day.
  await anna.call('DELETE', `/tasks/${task.body.id}`);
  await item.dragTo(page.locator(`[data-day="${target}"] .cal-day-head`));
  await expect(page.getByText(/Не перенесено/)).toBeVisible();
  await expect(page.locator(`[data-day="${day}"] [data-item-id="${task.body.id}"]`)).toBeVisible();
});

test("a head of sales sees the team's calendar and filters it by member; a manager sees only their own", async ({ page, baseURL }) => {
  const anna = await apiAs(baseURL, 'managerA');
  const boris = await apiAs(baseURL, 'managerB');
  const day = mskDay(31);
  const annaTask = await anna.call('POST', '/tasks', { title: `Задача Анны ${unique()}`, dueAt: `${day}T10:00:00+03:00` });
  const borisTask = await boris.call('POST', '/tasks', { title: `Задача Бориса ${unique()}`, dueAt: `${day}T12:00:00+03:00` });

  await signIn(page, baseURL, 'head');
  await page.goto(`/calendar?view=agenda&date=${day}`);
  await page.getByLabel('Чей календарь').selectOption('team');
  const annaItem = page.locator(`[data-item-id="${annaTask.body.id}"]`);
  const borisItem = page.locator(`[data-item-id="${borisTask.body.id}"]`);
  await expect(annaItem).toContainText('Анна Менеджер');
  await expect(borisItem).toBeVisible();
  await page.getByLabel('Сотрудник').selectOption({ label: 'Анна Менеджер' });
  await expect(borisItem).toHaveCount(0);
  await expect(annaItem).toBeVisible();

  await page.context().clearCookies();
  await signIn(page, baseURL, 'managerB');
  await page.goto(`/calendar?view=agenda&date=${day}`);
  await expect(borisItem).toBeVisible();
  await expect(annaItem).toHaveCount(0);
  // A manager reads only their own records: no team calendar to choose.
  await expect(page.getByLabel('Чей календарь')).toHaveCount(0);
});

test('create a task by clicking an empty day, on a phone-sized screen', async ({ page, baseURL }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const day = mskDay(38);
  await signIn(page, baseURL, 'managerA');
  await page.goto(`/calendar?date=${day}`);
  // Phones get the agenda: no week or month grid.
  await expect(page.getByRole('button', { name: 'Список' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('button', { name: 'Месяц' })).toHaveCount(0);
  await page.locator(`[data-day="${day}"]`).getByRole('button', { name: /Создать на/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Новая задача или встреча' });
  const title = `Заехать к клиенту ${unique()}`;
  await dialog.getByLabel('Название').fill(title);
  await dialog.getByLabel('Срок').fill(`${day}T16:00`);
  await dialog.getByRole('button', { name: 'Создать' }).click();
  await expect(page.locator(`[data-day="${day}"]`).getByText(title)).toBeVisible();
  await expect(page.locator(`[data-day="${day}"]`).getByText('16:00')).toBeVisible();
});

test('my tasks are grouped into overdue, today and upcoming', async ({ page, baseURL }) => {
  const boris = await apiAs(baseURL, 'managerB');
  const mark = unique();
  const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3600_000).toISOString();
  await boris.call('POST', '/tasks', { title: `Просроченная ${mark}`, dueAt: hoursFromNow(-2) });
  await boris.call('POST', '/tasks', { title: `Будущая ${mark}`, dueAt: hoursFromNow(72) });
  const endOfToday = new Date(`${mskDay(0)}T23:59:00+03:00`);
  const todayPossible = endOfToday.getTime() - Date.now() > 5 * 60_000;
  if (todayPossible) await boris.call('POST', '/tasks', { title: `Сегодняшняя ${mark}`, dueAt: endOfToday.toISOString() });

  await signIn(page, baseURL, 'managerB');
  await page.goto('/my');
  await expect(page.getByRole('region', { name: /^Просрочены/ }).getByRole('link', { name: `Просроченная ${mark}` })).toBeVisible();
  await expect(page.getByRole('region', { name: /^Предстоящие/ }).getByRole('link', { name: `Будущая ${mark}` })).toBeVisible();
  if (todayPossible) await expect(page.getByRole('region', { name: /^Сегодня/ }).getByRole('link', { name: `Сегодняшняя ${mark}` })).toBeVisible();
  await expect(page.getByRole('region', { name: /^Просрочены/ }).getByRole('link', { name: `Будущая ${mark}` })).toHaveCount(0);
});

test('a task the head assigns arrives on the open calendar with a notification, without a reload', async ({ page, baseURL }) => {
  const head = await apiAs(baseURL, 'head');
  const boris = await apiAs(baseURL, 'managerB');
  const me = await boris.call('GET', '/auth/me');
  const day = mskDay(45);
  await signIn(page, baseURL, 'managerB');
  const stream = page.waitForResponse((response) => response.url().includes('/notifications/stream'));
  await page.goto(`/calendar?view=agenda&date=${day}`);
  await expect(page.locator(`[data-day="${day}"]`)).toContainText('Ничего не запланировано');
  // The bell's notification stream is open (headers sent), and listening a moment later.
  await stream;
  await page.waitForTimeout(500);
  const title = `Подготовить отчёт ${unique()}`;
  const task = await head.call('POST', '/tasks', { title, dueAt: `${day}T15:00:00+03:00`, ownerId: me.body.user.id });
  expect(task.status).toBe(201);
  await expect(page.getByText(`Вам поручена задача: ${title}`)).toBeVisible();
  await expect(page.locator(`[data-day="${day}"] [data-item-id="${task.body.id}"]`)).toBeVisible();
  await expect(page.getByTestId('unread-count')).toBeVisible();
});

test('whole-day meetings sit in the all-day row of the week: one made in the dialog, and a trip moved to another day', async ({ page, baseURL }) => {
  const anna = await apiAs(baseURL, 'managerA');
  const day = mskDay(59);
  const target = neighbour(day);
  const trip = await anna.call('POST', '/activities', { kind: 'meeting', subject: `Командировка ${unique()}`, occurredAt: `${day}T00:00:00+03:00`, endsAt: `${addDays(day, 2)}T00:00:00+03:00` });
  expect(trip.status).toBe(201);
  await signIn(page, baseURL, 'managerA');
  await page.goto(`/calendar?view=week&date=${day}`);
  const tripChip = page.locator(`[data-all-day="${day}"] [data-item-id="${trip.body.id}"]`);
  await expect(tripChip).toContainText('Командировка');
  await expect(tripChip).toHaveAttribute('aria-label', /весь день/i);
  await expect(page.locator(`.cal-column [data-item-id="${trip.body.id}"]`)).toHaveCount(0);

  // Dragged to another day's all-day cell, it keeps its length and stays whole-day.
  await tripChip.dragTo(page.locator(`[data-all-day="${target}"]`));
  await expect(page.locator(`[data-all-day="${target}"] [data-item-id="${trip.body.id}"]`)).toBeVisible();
  await expect.poll(async () => {
    const stored = (await anna.call('GET', `/activities/${trip.body.id}`)).body;
    return [stored.occurredAt, stored.endsAt];
  }).toEqual([new Date(`${target}T00:00:00+03:00`).toISOString(), new Date(`${addDays(target, 2)}T00:00:00+03:00`).toISOString()]);

  // A new meeting for the whole day, from a click on the day's column.
  await page.locator(`.cal-column[data-day="${day}"]`).click({ position: { x: 10, y: 15 * 44 + 5 } });
  const dialog = page.getByRole('dialog', { name: 'Новая задача или встреча' });
  await dialog.getByLabel('Встреча').check();
  const title = `Выставка ${unique()}`;
  await dialog.getByLabel('Название').fill(title);
  await dialog.getByLabel('Весь день').check();
  await expect(dialog.getByLabel('Начало')).toHaveValue(day);
  await dialog.getByRole('button', { name: 'Создать' }).click();
  await expect(page.locator(`[data-all-day="${day}"]`).getByText(title)).toBeVisible();
  const meetings = (await anna.call('GET', `/activities?filter[subject][eq]=${encodeURIComponent(title)}`)).body.data as { occurredAt: string; endsAt: string }[];
  expect(meetings.map((meeting) => [meeting.occurredAt, meeting.endsAt])).toEqual([[new Date(`${day}T00:00:00+03:00`).toISOString(), new Date(`${addDays(day, 1)}T00:00:00+03:00`).toISOString()]]);
});
