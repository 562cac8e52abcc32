import { describe, expect, it } from 'vitest';
import { arrangeNav, moveItem, navPreferences, togglePin } from './navigation';

const links = ['/my', '/calendar', '/dashboard', '/pipeline', '/deals', '/companies', '/settings'].map((to) => ({ to, label: to }));
const paths = (items: { to: string }[]) => items.map((item) => item.to);

describe('main menu order', () => {
  it('puts the role’s own screens first', () => {
    expect(paths(arrangeNav(links, 'head_of_sales', { pinned: [], order: [] }).rest).slice(0, 3)).toEqual(['/dashboard', '/pipeline', '/deals']);
    expect(paths(arrangeNav(links, 'admin', { pinned: [], order: [] }).rest)[0]).toBe('/settings');
    expect(paths(arrangeNav(links, 'sales_manager', { pinned: [], order: [] }).rest).slice(0, 3)).toEqual(['/my', '/pipeline', '/deals']);
  });

  it('shows pinned items on top in pinned order, and skips pins the role cannot see', () => {
    const arranged = arrangeNav(links, 'sales_manager', { pinned: ['/companies', '/imports', '/deals'], order: [] });
    expect(paths(arranged.pinned)).toEqual(['/companies', '/deals']);
    expect(paths(arranged.rest)).not.toContain('/companies');
    expect(paths(arranged.rest)).toHaveLength(links.length - 2);
  });

  it('keeps the user’s order and slots an item never placed by the role’s order', () => {
    const arranged = arrangeNav(links, 'sales_manager', { pinned: [], order: ['/settings', '/deals', '/my'] });
    const rest = paths(arranged.rest);
    expect(rest.indexOf('/settings')).toBeLessThan(rest.indexOf('/deals'));
    expect(rest.indexOf('/deals')).toBeLessThan(rest.indexOf('/my'));
    expect(new Set(rest).size).toBe(links.length);
  });

  it('moves an item within its section and pins/unpins', () => {
    const preferences = { pinned: ['/deals', '/companies'], order: [] };
    const shown = { pinned: ['/deals', '/companies'], rest: ['/my', '/pipeline', '/calendar'] };
    expect(moveItem(preferences, shown, '/companies', -1).pinned).toEqual(['/companies', '/deals']);
    expect(moveItem(preferences, shown, '/pipeline', 1).order).toEqual(['/my', '/calendar', '/pipeline']);
    expect(moveItem(preferences, shown, '/my', -1)).toBe(preferences);
    expect(togglePin(preferences, '/deals').pinned).toEqual(['/companies']);
    expect(togglePin(preferences, '/my').pinned).toEqual(['/deals', '/companies', '/my']);
  });

  it('reads preferences defensively from user settings', () => {
    expect(navPreferences({ settings: { nav: { pinned: ['/my', 3], order: 'x' } } })).toEqual({ pinned: ['/my'], order: [] });
    expect(navPreferences({})).toEqual({ pinned: [], order: [] });
  });
});
