// Starts the real server (node --import tsx packages/server/src/main.ts) on a free port with a fresh
// temporary DATA_DIR (PGlite), the demo workspace and the inline job worker; used by the e2e tests,
// the screenshots script and the web benchmark.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export function buildWeb(): void {
  if (process.env.SKIP_WEB_BUILD === '1') return;
  execFileSync('npm', ['run', 'build', '-w', '@svyaz/web'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
}

export interface RunningServer {
  url: string;
  /** What the server logged at warning level or above (slow requests, errors), one JSON line each. */
  warnings(): string[];
  stop(): Promise<void>;
}

export async function startServer(extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'svyaz-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, SEED_DEMO: 'auto', WORKER: 'inline', LOG_LEVEL: 'warn', SLOW_REQUEST_MS: '1000', DATABASE_URL: '', WEBHOOKS_ALLOW_LOOPBACK: 'true', SLA_TEST_CLOCK: 'true', SEQUENCES_TEST_CLOCK: 'true', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The server did not start in time:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return {
    url,
    warnings: () => output.split('\n').filter((line) => /^\{.*"level":(4|5|6)0/.test(line)),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
