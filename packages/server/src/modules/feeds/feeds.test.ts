import { describe, expect, it } from 'vitest';
import { describeWithWorld } from '../../test/fixtures.js';
import { escapeText, foldLine } from './ical-format.js';

/** Unfolds RFC 5545/6350 lines (CRLF followed by a space continues the line). */
const unfold = (text: string) => text.replace(/\r\n /g, '');

describe('iCalendar text', () => {
  it('escapes TEXT and folds at 75 octets without splitting a Cyrillic letter', () => {
    expect(escapeText('Встреча; обсуждение, итоги\\план\nвторая строка')).toBe('Встреча\\; обсуждение\\, итоги\\\\план\\nвторая строка');
    const line = `SUMMARY:${'Обсуждение поставки кофе '.repeat(6)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
    expect(parts.slice(1).every((part) => part.startsWith(' '))).toBe(true);
    expect(unfold(folded)).toBe(line);
    expect(folded).not.toContain('\uFFFD');
  });
});

describeWithWorld('calendar feed and vCard', (world) => {
  it('serves a user their meetings and task deadlines at a secret URL that rotating ends', async () => {
    const w = world();
    expect((await w.as('managerA1', { method: 'GET', url: '/api/v1/me/ical-feed' })).body).toEqual({ exists: false, createdAt: null });
    const created = await w.as('managerA1', { method: 'POST', url: '/api/v1/me/ical-feed' });
    expect(created.status).toBe(201);
    expect(created.body.path).toMatch(/^\/ical\/[\w-]{30,}\.ics$/);
    const soon = new Date(Date.now() + 2 * 86_400_000);
    soon.setUTCHours(7, 30, 0, 0);
    const meeting = await w.as('managerA1', {
      method: 'POST',
      url: '/api/v1/activities',
      payload: { kind: 'meeting', subject: 'Встреча с ООО «Ромашка»; договор, поставка', body: 'Повестка:\nцены', occurredAt: soon.toISOString(), endsAt: new Date(soon.getTime() + 5_400_000).toISOString() },
    });
    expect(meeting.status).toBe(201);
    const task = await w.as('managerA1', { method: 'POST', url: '/api/v1/tasks', payload: { title: 'Отправить коммерческое предложение', dueAt: new Date(soon.getTime() + 86_400_000).toISOString() } });
    expect(task.status).toBe(201);
    await w.as('managerA2', { method: 'POST', url: '/api/v1/tasks', payload: { title: 'Чужая задача', dueAt: soon.toISOString() } });

    const feed = await w.app.inject({ method: 'GET', url: created.body.path });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toContain('text/calendar');
    expect(feed.body.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(feed.body.split('\r\n').every((line) => Buffer.byteLength(line, 'utf8') <= 75)).toBe(true);
    const text = unfold(feed.body);
    const stamp = (date: Date) => date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    expect(text).toContain(`UID:meeting-${meeting.body.id}@svyaz-crm`);
    expect(text).toContain(`DTSTART:${stamp(soon)}\r\nDTEND:${stamp(new Date(soon.getTime() + 5_400_000))}`);
    expect(text).toContain('SUMMARY:Встреча с ООО «Ромашка»\\; договор\\, поставка');
    expect(text).toContain('DESCRIPTION:Повестка:\\nцены');
    expect(text).toContain('SUMMARY:Срок: Отправить коммерческое предложение');
    expect(text).not.toContain('Чужая задача');
    expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(2);

    const rotated = await w.as('managerA1', { method: 'POST', url: '/api/v1/me/ical-feed' });
    expect((await w.app.inject({ method: 'GET', url: created.body.path })).statusCode).toBe(404);
    expect((await w.app.inject({ method: 'GET', url: rotated.body.path })).statusCode).toBe(200);
    await w.as('managerA1', { method: 'DELETE', url: '/api/v1/me/ical-feed' });
    expect((await w.app.inject({ method: 'GET', url: rotated.body.path })).statusCode).toBe(404);
  });

  it('exports contacts as vCard 4.0 or 3.0 with the rights of an export', async () => {
    const w = world();
    const company = await w.as('head', { method: 'POST', url: '/api/v1/companies', payload: { name: 'ООО «Ромашка, Лютик и партнёры»' } });
    const ivan = await w.as('head', {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { lastName: 'Петров', firstName: 'Иван', middleName: 'Сергеевич', position: 'Директор; закупки', phones: ['+7 (495) 123-45-67'], emails: ['ivan@romashka.ru'], birthday: '1980-03-15', city: 'Москва', companyId: company.body.id },
    });
    expect(ivan.status).toBe(201);
    await w.as('head', { method: 'POST', url: '/api/v1/contacts', payload: { lastName: 'Сидорова', firstName: 'Анна' } });
    const modern = await w.as('head', { method: 'GET', url: `/api/v1/contacts/export.vcf?filter[id][in]=${ivan.body.id}` });
    expect(modern.status).toBe(200);
    expect(modern.headers['content-type']).toContain('text/vcard');
    const card = unfold(modern.body);
    expect(card.match(/BEGIN:VCARD/g)).toHaveLength(1);
    expect(card).toContain('VERSION:4.0\r\n');
    expect(card).toContain(`UID:urn:uuid:${ivan.body.id}`);
    expect(card).toContain('N:Петров;Иван;Сергеевич;;');
    expect(card).toContain('ORG:ООО «Ромашка\\, Лютик и партнёры»');
    expect(card).toContain('TITLE:Директор\\; закупки');
    expect(card).toContain('TEL;VALUE=uri;TYPE=voice;PREF=1:tel:+74951234567');
    expect(card).toContain('EMAIL;PREF=1:ivan@romashka.ru');
    expect(card).toContain('BDAY:19800315');
    expect(modern.body.endsWith('END:VCARD\r\n')).toBe(true);
    const old = await w.as('head', { method: 'GET', url: '/api/v1/contacts/export.vcf?version=3.0&filter[lastName][eq]=Петров' });
    expect(unfold(old.body)).toContain('VERSION:3.0\r\n');
    expect(unfold(old.body)).toContain('BDAY:1980-03-15');
    expect(unfold(old.body)).toContain('EMAIL;TYPE=INTERNET,PREF:ivan@romashka.ru');
    const all = await w.as('head', { method: 'GET', url: '/api/v1/contacts/export.vcf' });
    expect(all.body.match(/BEGIN:VCARD/g)!.length).toBeGreaterThanOrEqual(2);
    // Sales managers have no export right by default.
    expect((await w.as('managerA1', { method: 'GET', url: '/api/v1/contacts/export.vcf' })).status).toBe(403);
    expect((await w.as('head', { method: 'GET', url: '/api/v1/contacts/export.vcf?version=2.1' })).status).toBe(400);
  });
});
