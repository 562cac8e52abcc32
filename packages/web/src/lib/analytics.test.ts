import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { objects } from '../objects/definitions';
import { canManageModels, isDraftOrder, isNoModel, linesWithProduct, rulesScatterOption, segmentNumber, type Rule } from './analytics';
import { filterParams, filtersFromSearch } from './list-query';

const rule = (lhs: string[], rhs: string, support: number, confidence: number, lift: number): Rule => ({
  lhs: lhs.map((name) => ({ productId: `${name}-id`, sku: null, name })),
  rhs: { productId: `${rhs}-id`, sku: null, name: rhs },
  count: 3,
  support,
  confidence,
  lift,
  leverage: 0,
  conviction: null,
  coverage: support / confidence,
});

describe('analytics helpers', () => {
  it('adds one unit to an existing line, keeping prices and discounts, or appends a new line', () => {
    const lines = [
      { productId: 'a', quantity: '2.000', price: '100.00', discountPercent: '5.00' },
      { productId: 'b', quantity: '1.000', price: '50.00', discountPercent: null },
    ];
    expect(linesWithProduct(lines, 'b')).toEqual([
      { productId: 'a', quantity: '2.000', price: '100.00', discountPercent: '5.00' },
      { productId: 'b', quantity: '2', price: '50.00' },
    ]);
    expect(linesWithProduct(lines, 'c')).toEqual([
      { productId: 'a', quantity: '2.000', price: '100.00', discountPercent: '5.00' },
      { productId: 'b', quantity: '1.000', price: '50.00' },
      { productId: 'c', quantity: '1' },
    ]);
    expect(linesWithProduct([], 'c')).toEqual([{ productId: 'c', quantity: '1' }]);
  });

  it('offers only orders whose lines may still change', () => {
    expect(isDraftOrder({ status: 'new', shipmentStatus: 'not_shipped' })).toBe(true);
    expect(isDraftOrder({ status: 'in_progress' })).toBe(true);
    expect(isDraftOrder({ status: 'in_progress', shipmentStatus: 'partial' })).toBe(false);
    expect(isDraftOrder({ status: 'done', shipmentStatus: 'not_shipped' })).toBe(false);
    expect(isDraftOrder({ status: 'cancelled' })).toBe(false);
  });

  it('plots support against confidence with lift as the colour dimension', () => {
    const option = rulesScatterOption([rule(['Bread'], 'Milk', 0.02, 0.4, 1.5), rule(['Bread', 'Jam'], 'Butter', 0.01, 0.9, 4.2)], { support: 'S', confidence: 'C', lift: 'L' });
    expect(option.series[0].data).toEqual([
      [0.02, 0.4, 1.5, 'Bread → Milk'],
      [0.01, 0.9, 4.2, 'Bread + Jam → Butter'],
    ]);
    expect(option.visualMap).toMatchObject({ dimension: 2, min: 1.5, max: 4.2 });
    expect(option.xAxis.name).toBe('S');
    expect(option.tooltip.formatter({ data: [0.01, 0.9, 4.2, '<b>x</b> → y'] })).toContain('&#60;b&#62;x');
  });

  it('writes the axes, the lift scale and the tooltip with the number format it is given, keeping every tick distinct', () => {
    const ru = (value: number, decimals: number) => new Intl.NumberFormat('ru-RU', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value);
    const option = rulesScatterOption([rule(['Bread'], 'Milk', 0.0035, 0.75, 14.64)], { support: 'S', confidence: 'C', lift: 'L' }, ru);
    expect([0.003, 0.0035, 0.004].map((tick) => option.xAxis.axisLabel.formatter(tick))).toEqual(['0,003', '0,0035', '0,004']);
    expect(option.yAxis.axisLabel.formatter(0.8)).toBe('0,8');
    expect(option.visualMap.formatter(14.6)).toBe('14,6');
    expect(option.tooltip.formatter({ data: [0.0035, 0.75, 14.64, 'Bread → Milk'] })).toBe('Bread → Milk<br/>S: 0,0035<br/>C: 0,750<br/>L: 14,64');
  });

  it('recognises the "no model yet" answer, numbers segments for people and knows who may train', () => {
    expect(isNoModel(new ApiError(404, 'NOT_FOUND', 'No analytics model has been trained yet', { object: 'analytics_model' }))).toBe(true);
    expect(isNoModel(new ApiError(404, 'NOT_FOUND', 'company not found', { object: 'company' }))).toBe(false);
    expect(segmentNumber(0)).toBe(1);
    expect(canManageModels({ user: { roleKey: 'admin' } as never, permissions: {} })).toBe(true);
    expect(canManageModels({ user: { roleKey: 'head_of_sales' } as never, permissions: { settings: { read: 'all', update: 'none' } } })).toBe(false);
    expect(canManageModels({ user: { roleKey: 'custom' } as never, permissions: { settings: { update: 'all' } } })).toBe(true);
  });

  it('reads a segment filter from a link into list filters and back into API parameters', () => {
    const filters = filtersFromSearch(objects.companies, '?filter[segment][eq]=2&filter[city][contains]=Моск&filter[nope][eq]=1&other=3');
    expect(filters).toEqual([
      { field: 'segment', op: 'eq', value: '2' },
      { field: 'city', op: 'contains', value: 'Моск' },
    ]);
    expect(filterParams(filters)).toEqual({ 'filter[segment][eq]': '2', 'filter[city][contains]': 'Моск' });
    expect(filtersFromSearch(objects.contacts, '?filter[segment][eq]=2')).toEqual([]);
  });
});
