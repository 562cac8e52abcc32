// SQL pieces every analysis shares: the period window, the team condition and the team tree. The rights
// themselves are never decided here: each query puts core/access.ts's accessCondition() on every owned
// table it reads, exactly as the dashboard and the report builder do.
import { sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.js';
import { pgArrayLiteral } from '../../core/sql-values.js';

export interface Window {
  /** Inclusive start and exclusive end, as timestamptz literals. */
  start: string;
  end: string;
  /** UTC offset such as +03:00: months are local months. */
  tz: string;
  /** Records of these teams only (null: every team). */
  teamIds: string[] | null;
}

export const teamCondition = (alias: string, teamIds: string[] | null): SQL =>
  teamIds ? sql`${sql.raw(`"${alias}"."team_id"`)} = any(${pgArrayLiteral(teamIds)}::uuid[])` : sql`true`;

export const inWindow = (column: SQL, window: Window): SQL => sql`${column} >= ${window.start}::timestamptz and ${column} < ${window.end}::timestamptz`;

export const localMonth = (column: SQL, tz: string): SQL => sql`to_char(${column} at time zone ${tz}::interval, 'YYYY-MM')`;

/** Money as text with two decimals (numeric arithmetic, never floats). */
export const moneyText = (value: SQL): SQL => sql`coalesce(${value}, 0)::numeric(18, 2)::text`;

/** The team and every team below it. */
export async function selectTeamTree(db: Db, workspaceId: string, teamId: string): Promise<string[]> {
  const found = await rows<{ id: string }>(
    db,
    sql`with recursive tree(id) as (select id from teams where workspace_id = ${workspaceId} and id = ${teamId}
          union select t.id from teams t join tree on t.parent_team_id = tree.id) select id from tree`,
  );
  return found.map((row) => row.id);
}
