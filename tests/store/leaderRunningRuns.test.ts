import { expect, it } from 'vitest';
import { describeStores } from '../helpers/pgStore.js';

/* FrontierRepository.runningRuns, what `markwatch worker` joins (both stores, one body). */

describeStores('frontier.runningRuns', (open) => {
  it('lists running runs with a live heartbeat, oldest first', async () => {
    const store = await open();
    const a = await store.frontier.claimRun('daily', 'h/1/a', 1_000, 500, () => false);
    const b = await store.frontier.claimRun('weekly', 'h/2/b', 1_200, 500, () => false);
    expect(await store.frontier.runningRuns(1_300)).toEqual([
      { runPk: a.runPk, job: 'daily', owner: 'h/1/a', heartbeatUntil: 1_500 },
      { runPk: b.runPk, job: 'weekly', owner: 'h/2/b', heartbeatUntil: 1_700 },
    ]);
    // A lapsed heartbeat: not joinable (its owner may be dead; the next claim resumes it).
    expect((await store.frontier.runningRuns(1_600)).map((r) => r.job)).toEqual(['weekly']);
    await store.frontier.finishRun(b.runPk, 'h/2/b');
    expect(await store.frontier.runningRuns(1_300)).toHaveLength(1);
  });
});
