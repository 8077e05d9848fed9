import { readFileSync } from 'node:fs';
import pg from 'pg';

/*
 * What the scale bench samples while a run goes on, to say where scaling stops: the machine's CPU (from
 * /proc/stat) and, on PostgreSQL, what the run's backends wait for (pg_stat_activity). Samples are kept with
 * their time, so only those inside a run's busy span (from the marketplace log) are counted.
 */

export interface LoadSample {
  time: number;
  /** Share of all cores busy since the previous sample, 0–1 (null off Linux). */
  cpuBusy: number | null;
  /** The database's backends, and of them those waiting on a lock (PostgreSQL only). */
  backends?: number;
  lockWaits?: number;
}

function cpuTimes(): { busy: number; total: number } | null {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - cpu[3]! - cpu[4]!, total }; // idle and iowait are not busy
  } catch {
    return null;
  }
}

/** Samples every `everyMs` until stopped; `pgUrl` adds the database's backends and lock waits. */
export function sampleLoad(everyMs: number, pgUrl?: string): { stop: () => Promise<LoadSample[]> } {
  const samples: LoadSample[] = [];
  let last = cpuTimes();
  const client = pgUrl ? new pg.Client({ connectionString: pgUrl, application_name: 'scale bench' }) : null;
  client?.on('error', () => undefined); // a lost sampler connection loses the database columns, not the bench
  const ready = client?.connect().then(
    () => true,
    () => false,
  );
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const now = cpuTimes();
      const sample: LoadSample = {
        time: Date.now(),
        cpuBusy:
          now && last && now.total > last.total ? (now.busy - last.busy) / (now.total - last.total) : null,
      };
      last = now;
      if (client && (await ready)) {
        const { rows } = await client.query<{ backends: string; lock_waits: string }>(
          `SELECT count(*) AS backends, count(*) FILTER (WHERE wait_event_type = 'Lock') AS lock_waits
           FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
        );
        sample.backends = Number(rows[0]!.backends);
        sample.lockWaits = Number(rows[0]!.lock_waits);
      }
      samples.push(sample);
    } catch {
      // a sample lost is a sample fewer
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), everyMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await client?.end().catch(() => undefined);
      return samples;
    },
  };
}

/** Mean CPU busy share, peak backends and the share of backend samples waiting on locks, within [from, to]. */
export function summariseLoad(
  samples: LoadSample[],
  from: number,
  to: number,
): { cpu: number | null; peakBackends: number | null; lockWaitShare: number | null } {
  const inside = samples.filter((s) => s.time >= from && s.time <= to);
  const cpu = inside.map((s) => s.cpuBusy).filter((c): c is number => c !== null);
  const pgSamples = inside.filter((s) => s.backends !== undefined);
  const backends = pgSamples.reduce((a, s) => a + s.backends!, 0);
  return {
    cpu: cpu.length > 0 ? cpu.reduce((a, b) => a + b, 0) / cpu.length : null,
    peakBackends: pgSamples.length > 0 ? Math.max(...pgSamples.map((s) => s.backends!)) : null,
    lockWaitShare: backends > 0 ? pgSamples.reduce((a, s) => a + s.lockWaits!, 0) / backends : null,
  };
}
