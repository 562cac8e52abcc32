// The main menu's order: a default per role (the role's landing screen and daily work first), then the
// user's own pins and order, kept in users.settings.nav and so remembered on every device.
import type { RoleKey, User } from '../api/types';

export interface NavPreferences {
  /** Paths pinned to the top of the menu, in their pinned order. */
  pinned: string[];
  /** The user's order of every other item (paths); items missing here keep the role's default order. */
  order: string[];
}

/** What a role sees first: a sales manager their day and deals, a head of sales the team, an admin settings. */
const roleFirst: Record<string, string[]> = {
  sales_manager: ['/my', '/pipeline', '/deals', '/tasks', '/calendar', '/contacts', '/companies', '/leads'],
  head_of_sales: ['/dashboard', '/pipeline', '/deals', '/tasks', '/calendar', '/my'],
  admin: ['/settings', '/dashboard', '/imports', '/data-quality'],
};

export function navPreferences(user: Pick<User, 'settings'>): NavPreferences {
  const nav = (user.settings?.nav ?? {}) as Partial<NavPreferences>;
  const paths = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
  return { pinned: paths(nav.pinned), order: paths(nav.order) };
}

/** The role's default order of the given paths (the role's own items first, the rest as given). */
export function defaultOrder(roleKey: RoleKey, paths: string[]): string[] {
  const first = (roleFirst[roleKey] ?? []).filter((path) => paths.includes(path));
  return [...first, ...paths.filter((path) => !first.includes(path))];
}

/** The menu as shown: pinned items (in pinned order) and then the rest (the user's order, else the role's). */
export function arrangeNav<T extends { to: string }>(links: T[], roleKey: RoleKey, preferences: NavPreferences): { pinned: T[]; rest: T[] } {
  const byPath = new Map(links.map((link) => [link.to, link]));
  const pinned = preferences.pinned.filter((path) => byPath.has(path)).map((path) => byPath.get(path)!);
  const base = defaultOrder(
    roleKey,
    links.map((link) => link.to),
  ).filter((path) => !preferences.pinned.includes(path));
  const ordered = preferences.order.filter((path) => base.includes(path));
  // An item the user never placed (say a new screen) goes where the role's order puts it relative to the rest.
  const rest: string[] = [...ordered];
  for (const path of base) {
    if (rest.includes(path)) continue;
    const index = base.indexOf(path);
    const after = base.slice(0, index).reverse().find((item) => rest.includes(item));
    rest.splice(after ? rest.indexOf(after) + 1 : 0, 0, path);
  }
  return { pinned, rest: rest.map((path) => byPath.get(path)!) };
}

/** Pins or unpins a path (a pinned path goes to the end of the pinned ones). */
export function togglePin(preferences: NavPreferences, path: string): NavPreferences {
  const pinned = preferences.pinned.includes(path) ? preferences.pinned.filter((item) => item !== path) : [...preferences.pinned, path];
  return { ...preferences, pinned };
}

/** Moves a path one place up (-1) or down (+1) within its section (pinned or not), given the shown order. */
export function moveItem(preferences: NavPreferences, shown: { pinned: string[]; rest: string[] }, path: string, step: -1 | 1): NavPreferences {
  const section = preferences.pinned.includes(path) ? 'pinned' : 'rest';
  const list = [...shown[section]];
  const index = list.indexOf(path);
  const target = index + step;
  if (index < 0 || target < 0 || target >= list.length) return preferences;
  [list[index], list[target]] = [list[target], list[index]];
  return section === 'pinned' ? { ...preferences, pinned: list } : { ...preferences, order: list };
}
