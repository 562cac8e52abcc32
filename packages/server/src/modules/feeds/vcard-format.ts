// vCard 4.0 (RFC 6350) and 3.0 (RFC 2426) of a contact, CardDAV-friendly: a stable UID, REV, CRLF
// line ends and lines folded at 75 octets; TEXT escaped as in iCalendar.
import { escapeText, foldLine, utcDateTime } from './ical-format.js';

export type VCardVersion = '4.0' | '3.0';

export interface VCardContact {
  id: string;
  firstName: string | null;
  lastName: string;
  middleName: string | null;
  fullName: string;
  position: string | null;
  phones: string[];
  emails: string[];
  birthday: string | null;
  city: string | null;
  companyName: string | null;
  updatedAt: string;
}

export function vcardOf(contact: VCardContact, version: VCardVersion): string {
  const modern = version === '4.0';
  const lines = [
    'BEGIN:VCARD',
    `VERSION:${version}`,
    modern ? `UID:urn:uuid:${contact.id}` : `UID:${contact.id}`,
    `FN:${escapeText(contact.fullName || contact.lastName)}`,
    `N:${[contact.lastName, contact.firstName ?? '', contact.middleName ?? '', '', ''].map(escapeText).join(';')}`,
  ];
  if (contact.companyName) lines.push(`ORG:${escapeText(contact.companyName)}`);
  if (contact.position) lines.push(`TITLE:${escapeText(contact.position)}`);
  contact.phones.forEach((phone, index) => {
    const preferred = index === 0 ? (modern ? ';PREF=1' : ',PREF') : '';
    lines.push(modern ? `TEL;VALUE=uri;TYPE=voice${preferred}:tel:${phone.replace(/[^\d+]/g, '')}` : `TEL;TYPE=VOICE${preferred}:${phone}`);
  });
  contact.emails.forEach((email, index) => {
    const preferred = index === 0 ? (modern ? ';PREF=1' : ';TYPE=INTERNET,PREF') : modern ? '' : ';TYPE=INTERNET';
    lines.push(`EMAIL${preferred}:${escapeText(email)}`);
  });
  if (contact.birthday) lines.push(`BDAY:${modern ? contact.birthday.replace(/-/g, '') : contact.birthday}`);
  if (contact.city) lines.push(`ADR;TYPE=${modern ? 'work' : 'WORK'}:;;;${escapeText(contact.city)};;;`);
  lines.push(`REV:${utcDateTime(contact.updatedAt)}`, 'END:VCARD');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
