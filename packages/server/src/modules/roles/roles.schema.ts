// Request bodies of the roles API. A role's permissions are given whole: every object, every action,
// a level. Owned objects (records with an owner) take none/own/team/all; workspace settings objects
// (pipelines, users, teams, settings) have no owner, so only none or all.
import { z } from 'zod';
import { permissionActions, permissionLevels } from '@svyaz/shared';
import { ownedObjects } from '../../core/access.js';

export const settingsObjects = ['pipelines', 'users', 'teams', 'settings',
  'knowledge_base',
] as const;
export const permissionObjects = [...ownedObjects, ...settingsObjects] as const;

const ownedGrants = z.strictObject(Object.fromEntries(permissionActions.map((action) => [action, z.enum(permissionLevels, { message: 'must be none, own, team or all' })])) as Record<(typeof permissionActions)[number], z.ZodEnum<{ none: 'none'; own: 'own'; team: 'team'; all: 'all' }>>);
const settingsGrants = z.strictObject(Object.fromEntries(permissionActions.map((action) => [action, z.enum(['none', 'all'], { message: 'must be none or all (this object has no owner)' })])) as Record<(typeof permissionActions)[number], z.ZodEnum<{ none: 'none'; all: 'all' }>>);

export const permissionsSchema = z.strictObject({
  ...Object.fromEntries(ownedObjects.map((object) => [object, ownedGrants])),
  ...Object.fromEntries(settingsObjects.map((object) => [object, settingsGrants])),
} as Record<(typeof permissionObjects)[number], typeof ownedGrants | typeof settingsGrants>);

const name = z.string().trim().min(1, { message: 'must not be empty' }).max(100, { message: 'must be at most 100 characters' });

export const roleCreateSchema = z.strictObject({
  key: z
    .string()
    .regex(/^[a-z][a-z0-9_]{1,49}$/, { message: 'must be 2-50 lower-case Latin letters, digits or _, starting with a letter' }),
  name,
  permissions: permissionsSchema,
});

export const roleUpdateSchema = z.strictObject({
  name: name.optional(),
  permissions: permissionsSchema.optional(),
});

export type RoleCreateInput = z.infer<typeof roleCreateSchema>;
export type RoleUpdateInput = z.infer<typeof roleUpdateSchema>;
