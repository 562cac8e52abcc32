import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root (this file is packages/analytics/src/test-support/). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

/**
 * The shared reference datasets are never copied into the repository. They live beside it
 * (repoRoot/../shared/datasets); a checkout elsewhere (a CI clone in /tmp) finds them through
 * SVYAZ_DATASETS, an ancestor's shared/datasets, or the workplace's /work/shared/datasets.
 */
function findDatasets(): string {
  const candidates = [process.env.SVYAZ_DATASETS, join(repoRoot, '..', 'shared', 'datasets')];
  for (let directory = repoRoot; dirname(directory) !== directory; directory = dirname(directory)) candidates.push(join(directory, 'shared', 'datasets'));
  candidates.push('/work/shared/datasets');
  const found = candidates.find((candidate): candidate is string => Boolean(candidate) && existsSync(join(candidate!, 'groceries.csv')));
  return found ?? join(repoRoot, '..', 'shared', 'datasets');
}

export const datasetsDirectory = findDatasets();

export function readDataset(name: string): string {
  return readFileSync(join(datasetsDirectory, name), 'utf8');
}
