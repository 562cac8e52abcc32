// `npm run crm -- <command>`: operations on the same database as the server (DATABASE_URL or DATA_DIR).
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { loadConfig } from './config.js';
import { openDatabase } from './db/open.js';
import { firstRow, migrateDatabase, type Database } from './db/client.js';
import { AppError } from './core/errors.js';
import { createWorkspace } from './modules/workspaces/workspaces.service.js';
import { insertUser } from './modules/users/users.service.js';
import { createApiToken, loadActor } from './modules/auth/auth.service.js';
import { DEMO_PASSWORD, demoSize, seedWorkspace, type SeedSize } from './modules/demo/seed.service.js';
import { backupWorkspace, restoreWorkspace } from './modules/backup/backup.service.js';

const usage = `Usage: npm run crm -- <command> [options]

  migrate                                   apply database migrations
  seed [--companies N --contacts N --deals N --orders N --activities N --tasks N --products N] [--seed S]
                                            create a new workspace with demo data (defaults: the demo set)
  user:create --email E --name N --role R [--team T] [--password P] [--workspace ID]
                                            roles: admin, head_of_sales, sales_manager, read_only
  token:create --email E [--name N]         print a new API token for the user
  backup --out FILE [--workspace ID]        write a full, restorable dump of a workspace (gzipped JSON lines)
  restore --in FILE [--replace]             restore a dump (one transaction; --replace overwrites the workspace)
`;

class UsageError extends Error {}

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || !value) throw new UsageError(`--${name} is required`);
  return value;
}

function count(values: Record<string, unknown>, name: keyof SeedSize): number {
  const value = values[name];
  if (value === undefined) return demoSize[name];
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new UsageError(`--${name} must be a whole number`);
  return parsed;
}

async function workspaceId(database: Database, given: unknown): Promise<string> {
  if (typeof given === 'string' && given) return given;
  const workspace = await firstRow<{ id: string }>(database.db, sql`select id from workspaces order by created_at limit 1`);
  if (!workspace) throw new UsageError('there is no workspace yet: run npm start or npm run crm -- seed first');
  return workspace.id;
}

export async function runCommand(command: string | undefined, args: string[], database: Database, print: (line: string) => void): Promise<void> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      companies: { type: 'string' }, contacts: { type: 'string' }, deals: { type: 'string' }, orders: { type: 'string' },
      activities: { type: 'string' }, tasks: { type: 'string' }, products: { type: 'string' }, seed: { type: 'string' },
      email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, team: { type: 'string' }, password: { type: 'string' },
      workspace: { type: 'string' }, out: { type: 'string' }, in: { type: 'string' }, replace: { type: 'boolean' },
    },
  });
  const db = database.db;
  switch (command) {
    case 'migrate':
      print('Migrations applied.');
      return;
    case 'seed': {
      const size: SeedSize = { companies: count(values, 'companies'), contacts: count(values, 'contacts'), deals: count(values, 'deals'), orders: count(values, 'orders'), activities: count(values, 'activities'), tasks: count(values, 'tasks'), products: count(values, 'products') };
      const seed = values.seed === undefined ? 20261122 : Number(values.seed);
      if (!Number.isInteger(seed)) throw new UsageError('--seed must be a whole number');
      const tag = randomBytes(3).toString('hex');
      const domain = `ws-${tag}.svyaz.local`;
      const { workspaceId: id } = await createWorkspace(db, { name: `Workspace ${tag}`, admin: { email: `admin@${domain}`, name: 'Administrator', password: DEMO_PASSWORD } });
      const summary = await seedWorkspace(db, id, size, { seed, domain, log: (step) => print(`  ${step}`) });
      print(`Workspace ${id} seeded in ${summary.seconds.toFixed(1)} s: ${Object.entries(summary.counts).map(([table, rowsCount]) => `${table} ${rowsCount}`).join(', ')}`);
      print(`Log in as admin@${domain} (password ${DEMO_PASSWORD}); also ${summary.logins.map((login) => login.email).join(', ')}`);
      return;
    }
    case 'user:create': {
      const password = typeof values.password === 'string' ? values.password : randomBytes(9).toString('base64url');
      const id = await workspaceId(database, values.workspace);
      let teamId: string | null = null;
      if (typeof values.team === 'string') {
        const team = await firstRow<{ id: string }>(db, sql`select id from teams where workspace_id = ${id} and (name = ${values.team} or id::text = ${values.team})`);
        if (!team) throw new UsageError(`no team "${values.team}" in this workspace`);
        teamId = team.id;
      }
      const user = await insertUser(db, id, { email: required(values, 'email'), name: required(values, 'name'), role: required(values, 'role'), password, teamId });
      print(`Created ${user.email} (${user.roleKey})${values.password ? '' : ` with password ${password}`}`);
      return;
    }
    case 'token:create': {
      const user = await firstRow<{ id: string }>(db, sql`select id from users where lower(email) = lower(${required(values, 'email')})`);
      if (!user) throw new UsageError(`no user with email ${values.email}`);
      const actor = await loadActor(db, user.id);
      if (!actor) throw new UsageError('this user is deactivated');
      const token = await createApiToken(db, actor, typeof values.name === 'string' ? values.name : 'CLI');
      print(token.token);
      return;
    }
    case 'backup': {
      const counts = await backupWorkspace(db, await workspaceId(database, values.workspace), required(values, 'out'));
      print(`Backed up ${Object.values(counts).reduce((sum, value) => sum + value, 0)} rows of ${Object.keys(counts).length} tables to ${values.out}`);
      return;
    }
    case 'restore': {
      const result = await restoreWorkspace(db, required(values, 'in'), { replace: values.replace === true });
      print(`Restored workspace ${result.workspaceId}: ${Object.values(result.counts).reduce((sum, value) => sum + value, 0)} rows`);
      return;
    }
    default:
      throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
  }
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  if (!command || command === 'help' || command === '--help') {
    process.stdout.write(usage);
    process.exit(command ? 0 : 2);
  }
  const config = loadConfig();
  const database = await openDatabase(config);
  try {
    await migrateDatabase(database);
    await runCommand(command, args, database, (line) => console.log(line));
  } finally {
    await database.close();
  }
}

main().catch((error) => {
  if (error instanceof UsageError || (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    console.error(`${error.message}\n\n${usage}`);
    process.exit(2);
  }
  if (error instanceof AppError) {
    console.error(error.message);
    process.exit(1);
  }
  console.error(error);
  process.exit(1);
});
