import { z } from 'zod';
import { expect, it } from 'vitest';
import { AppError } from '../core/errors.js';
import { startJobRunner, type JobDefinition } from './job-runner.js';
import { describeWithWorld } from '../test/fixtures.js';

/** Resolves with the value, or with 'timeout' after `ms`. */
const within = <T>(promise: Promise<T>, ms: number) => Promise.race([promise, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms))]);

function probe(name: string, extra: Partial<JobDefinition> = {}) {
  let resolve: (value: unknown) => void = () => {};
  const done = new Promise<unknown>((r) => (resolve = r));
  const job: JobDefinition = { name, payload: z.object({ hello: z.string() }), run: async (_database, data) => resolve(data), ...extra };
  return { job, done };
}

describeWithWorld('job runner (pg-boss on the application database)', (world) => {
  it('processes an enqueued job and refuses a malformed payload before it reaches the queue', async () => {
    const w = world();
    const { job, done } = probe('test-probe');
    const runner = await startJobRunner(w.database, { escalationGraceHours: 24 }, undefined, [job]);
    try {
      const refused = await runner.enqueue('test-probe', { hello: 42 }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(AppError);
      expect((refused as AppError).message).toContain('data.hello');
      await expect(runner.enqueue('no-such-job', {})).rejects.toThrow(/name/);
      expect(await runner.enqueue('test-probe', { hello: w.kind })).toMatch(/^[0-9a-f-]{36}$/);
      expect(await within(done, 15_000)).toEqual({ hello: w.kind });
    } finally {
      await runner.stop();
    }
  });

  it('fires a cron schedule and runs maintenance (expire, archive, drop) on this database', async () => {
    const w = world();
    const { job, done } = probe('test-cron-probe', { cron: '* * * * *', payload: z.null() });
    const runner = await startJobRunner(
      w.database,
      { escalationGraceHours: 24, timing: { cronMonitorIntervalSeconds: 1, cronWorkerIntervalSeconds: 1, maintenanceIntervalSeconds: 1 } },
      undefined,
      [job],
    );
    const maintained = new Promise((resolve) => runner.boss.once('maintenance', resolve));
    try {
      // '* * * * *' is due within the last minute at any moment, so the timekeeper sends it on its next tick.
      expect(await within(done, 20_000)).toBeNull(); // a scheduled job carries no payload
      expect(await within(maintained, 20_000)).toMatchObject({ ms: expect.any(Number) });
      await runner.boss.unschedule('test-cron-probe');
    } finally {
      await runner.stop();
    }
  });
});
