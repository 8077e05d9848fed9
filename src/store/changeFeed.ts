/** Where a store learns that another connection changed the frontier (started while anyone listens). */
export interface ChangeSource {
  start(emit: () => void): void;
  stop(): void;
}

/**
 * The listeners of `FrontierRepository.onChange`: the source runs only while someone listens (a crawl
 * engine, for its run), and closing the store stops it. A missed signal costs only latency — an idle worker
 * still looks again at its next timed poll — so a source that fails simply stops signalling.
 */
export class ChangeFeed {
  private readonly listeners = new Set<() => void>();

  constructor(private readonly source: ChangeSource) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.source.start(() => this.emit());
    return () => {
      if (this.listeners.delete(listener) && this.listeners.size === 0) this.source.stop();
    };
  }

  close(): void {
    if (this.listeners.size > 0) this.source.stop();
    this.listeners.clear();
  }

  private emit(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
