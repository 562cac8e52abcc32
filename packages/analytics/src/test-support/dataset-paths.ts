import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shared datasets live beside the repository: repoRoot/../shared/datasets. */
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
export const datasetsDirectory = join(repoRoot, '..', 'shared', 'datasets');

export function readDataset(name: string): string {
  return readFileSync(join(datasetsDirectory, name), 'utf8');
}
