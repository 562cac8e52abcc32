import { describe, expect, it } from 'vitest';
import { objects } from '../objects/definitions';
import { defaultChoices, mergeFieldsFor, mergeRequests } from './merge-plan';

const contacts = objects.contacts;
const fields = mergeFieldsFor(contacts);
const records = [
  { id: 'a', lastName: 'Иванов', firstName: '', position: null, phones: ['+79160000001'], ownerId: 'u1' },
  { id: 'b', lastName: 'Иванов', firstName: 'Иван', position: 'Директор', phones: ['+79160000002'], ownerId: 'u2' },
  { id: 'c', lastName: 'Иваноф', firstName: 'Ваня', position: 'Инженер', phones: [], ownerId: 'u3' },
];

describe('merge plan', () => {
  it('compares editable fields, the owner and tags, not computed ones', () => {
    const names = fields.map((field) => field.name);
    expect(names).toEqual(expect.arrayContaining(['lastName', 'firstName', 'phones', 'emails', 'ownerId', 'tags']));
    expect(names).not.toContain('fullName');
    expect(names).not.toContain('createdAt');
  });

  it('keeps the survivor\'s values, fills its blanks from the first record that has one, and combines lists', () => {
    const choices = defaultChoices(fields, records, 'a');
    expect(choices).toMatchObject({ lastName: 'a', firstName: 'b', position: 'b', phones: 'combine', ownerId: 'a' });
    expect(defaultChoices(fields, records, 'c')).toMatchObject({ lastName: 'c', firstName: 'c', ownerId: 'c' });
  });

  it('merges each other record with its own fields as "merged" and everything else as "survivor"', () => {
    const choices = { ...defaultChoices(fields, records, 'a'), position: 'c', phones: 'b' };
    const requests = mergeRequests(fields, records, 'a', choices);
    expect(requests.map((request) => request.mergedId)).toEqual(['b', 'c']);
    expect(requests[0].fields).toMatchObject({ lastName: 'survivor', firstName: 'merged', position: 'survivor', phones: 'merged', ownerId: 'survivor' });
    expect(requests[1].fields).toMatchObject({ firstName: 'survivor', position: 'merged', phones: 'survivor' });
    // Combined lists are left to the server, which unites them.
    expect('emails' in requests[0].fields).toBe(false);
  });
});
