import { describe, expect, it } from 'vitest';
import { objects } from '../objects/definitions';
import { listQueryParams } from './list-query';

describe('list query parameters', () => {
  it('asks for the visible columns and filters with operators', () => {
    const params = listQueryParams(objects.deals, {
      sort: '-amount',
      columns: ['title', 'amount'],
      filters: [
        { field: 'title', op: 'contains', value: ' Ромашка ' },
        { field: 'amount', op: 'gte', value: '1000' },
        { field: 'amount', op: 'gte', value: '' },
      ],
    });
    expect(params).toMatchObject({ sort: '-amount', limit: 100, 'filter[title][contains]': 'Ромашка', 'filter[amount][gte]': '1000' });
    expect(params.count).toBeUndefined();
    expect(String(params.fields).split(',').sort()).toEqual(['amount', 'currency', 'id', 'title']);
  });

  it('sends the cursor on later pages and repeats a filter given twice', () => {
    const params = listQueryParams(objects.companies, { sort: '', columns: ['name'], filters: [{ field: 'city', op: 'ne', value: 'Москва' }, { field: 'city', op: 'ne', value: 'Казань' }] }, 'abc');
    expect(params.cursor).toBe('abc');
    expect(params.sort).toBe('-createdAt');
    expect(params['filter[city][ne]']).toEqual(['Москва', 'Казань']);
  });
});
