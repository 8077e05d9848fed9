/** Where a store learns that another connection changed the frontier (started while anyone listens). */
export interface ChangeSource {
  /** Starts signalling; may throw (then nothing signals, and idle workers keep their timed poll). */
  start(emit: () => void): void;
  stop(): Promise<void> | void;
}

/**
 * How long the source stays up after its last listener left: a worker leaves and joins a run again as its
 * frontier runs dry and fills (every poll, while a run ends), and each start of the PostgreSQL source is a
 * new connection.
 */
export const IDLE_STOP_MS = 10_000;

/**
 * The listeners of `FrontierRepository.onChange`: the source runs while someone listens (and IDLE_STOP_MS
 * after), and closing the store stops it and waits for that. A missed signal costs only latency — an idle
 * worker still looks again at its next timed poll — so a source that fails simply stops signalling.
 */
export class ChangeFeed {
  private readonly listeners = new Set<() => void>();
  private running = false;
  private closed = false;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly source: ChangeSource,
    private readonly idleStopMs: number = IDLE_STOP_MS,
  ) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    if (!this.running && !this.closed) {
      try {
        this.source.start(() => this.emit());
        this.running = true;
      } catch {
        // no signals from this source: the workers' timed poll remains; a later subscriber tries again
      }
    }
    return () => {
      if (!this.listeners.delete(listener) || this.listeners.size > 0 || !this.running || this.closed) return;
      clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => {
        this.idleTimer = undefined;
        if (this.listeners.size === 0) void this.stopSource();
      }, this.idleStopMs);
      this.idleTimer.unref();
    };
  }

  /** Stops the source now (the store is closing) and waits until it has stopped. */
  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    await this.stopSource();
  }

  private async stopSource(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    try {
      await this.source.stop();
    } catch {
      // stopping a source that already failed
    }
  }

  private emit(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
