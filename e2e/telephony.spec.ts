// Telephony as a manager lives it: the administrator connects a PBX and gives Anna extension 7xx; the PBX
// (this test, posting the event sequence of a real call with the integration's secret) rings her extension
// with a client's number written its own way; the pop-up names the client with a link to the card; after
// the call ends it is on the card's timeline with its recording.
import { test, expect, signIn, apiAs, unique, randomPhone } from './fixtures';
import { incomingAnswered } from '../packages/server/src/modules/telephony/call-simulator';

test('a ringing call pops up the caller’s card and the ended call is on its timeline', async ({ page, baseURL }) => {
  test.setTimeout(60_000);
  const admin = await apiAs(baseURL, 'admin');
  const anna = await apiAs(baseURL, 'managerA');
  const me = await anna.call('GET', '/auth/me');
  const suffix = unique();
  const phone = randomPhone();
  const contact = await anna.call('POST', '/contacts', { lastName: `Звонков ${suffix}`, firstName: 'Олег', phones: [phone] });
  expect(contact.status, JSON.stringify(contact.body)).toBe(201);
  const extension = String(700 + Math.floor(Math.random() * 299));
  const pbx = await admin.call('POST', '/telephony/integrations', { name: `АТС ${suffix}`, provider: 'asterisk', extensions: [{ extension, userId: me.body.user.id }] });
  expect(pbx.status, JSON.stringify(pbx.body)).toBe(201);

  await signIn(page, baseURL, 'managerA');
  await page.goto('/');
  // The pop-up listens once the page knows Anna has an extension.
  await expect.poll(async () => (await anna.call('GET', '/telephony/me')).body.extensions.length).toBeGreaterThan(0);
  await page.waitForLoadState('networkidle');

  const digits = phone.replace(/\D/g, '');
  // The PBX writes the number as 8 (XXX) XXX-XX-XX: the same phone as the stored +7XXXXXXXXXX.
  const pbxNumber = `8 (${digits.slice(1, 4)}) ${digits.slice(4, 7)}-${digits.slice(7, 9)}-${digits.slice(9)}`;
  const call = incomingAnswered({ callId: `e2e-${suffix}`, from: pbxNumber, extension, talkSec: 65, recordingUrl: 'https://pbx.example.ru/rec/e2e.mp3' });
  const post = (event: unknown) =>
    fetch(`${baseURL}/api/v1/telephony/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${pbx.body.secret}` }, body: JSON.stringify(event) });
  expect((await post(call.events[0])).status).toBe(200);

  const popup = page.getByTestId('call-popup');
  await expect(popup).toBeVisible({ timeout: 15_000 });
  const caller = popup.getByTestId('call-popup-caller');
  await expect(caller).toContainText(`Звонков ${suffix}`);
  await caller.click();
  await expect(page).toHaveURL(new RegExp(`/contacts/${contact.body.id}`));

  expect((await post(call.events[1])).status).toBe(200);
  await expect(popup).toHaveCount(0, { timeout: 15_000 });
  expect((await post(call.events[2])).status).toBe(200);

  // The call is logged on the contact's timeline, with its recording playable there.
  await page.reload();
  await page.getByRole('tab', { name: 'История' }).click();
  const timeline = page.locator('ol.timeline');
  await expect(timeline.getByText('Входящий звонок').first()).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('call-recording').first()).toHaveAttribute('src', 'https://pbx.example.ru/rec/e2e.mp3');
});
