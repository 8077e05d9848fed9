import robotsParserModule from 'robots-parser';
import type { HostPolicyRepository } from '../store/index.js';
import { CrawlError, classOfStatus } from './errors.js';

interface Robot {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
}
// robots-parser is CommonJS whose typings declare an ESM default export; under NodeNext the default is the function.
const robotsParser = robotsParserModule as unknown as (url: string, robotstxt: string) => Robot;

export interface RobotsVerdict {
  allowed: boolean;
  crawlDelayMs: number | null;
}

/** Fetches /robots.txt of an origin: status and text (a network failure throws a CrawlError). */
export type RobotsFetch = (robotsUrl: string) => Promise<{ status: number; body: string }>;

/**
 * robots.txt per origin, on by default: cached in memory for the run and in SQLite for `ttlMs`, fetched once
 * even when many workers ask at the same time. 4xx means "no rules"; 5xx and network errors are errors
 * (the page is retried later), never a silent "allowed".
 */
export class RobotsGate {
  private readonly parsers = new Map<string, Promise<Robot>>();
  private readonly ready = new Set<string>();

  constructor(
    private readonly hosts: HostPolicyRepository,
    private readonly fetchRobots: RobotsFetch,
    private readonly userAgent: string,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private async load(origin: string): Promise<Robot> {
    const robotsUrl = `${origin}/robots.txt`;
    const cached = await this.hosts.robots(origin);
    if (cached && this.now() - cached.fetchedAt < this.ttlMs) return robotsParser(robotsUrl, cached.body);
    const { status, body } = await this.fetchRobots(robotsUrl);
    if (status >= 500 || status === 429) {
      throw new CrawlError(classOfStatus(status), `${robotsUrl}: HTTP ${status}`, status);
    }
    const text = status >= 200 && status < 300 ? body : '';
    await this.hosts.saveRobots(origin, status, text, this.now());
    return robotsParser(robotsUrl, text);
  }

  private robot(origin: string): Promise<Robot> {
    let p = this.parsers.get(origin);
    if (!p) {
      p = this.load(origin);
      this.parsers.set(origin, p);
      p.then(() => this.ready.add(origin)).catch(() => {});
      p.catch(() => this.parsers.delete(origin));
    }
    return p;
  }

  /** Whether the origin's robots.txt has been read in this process (so the next check fetches nothing). */
  known(url: string): boolean {
    return this.parsers.has(new URL(url).origin);
  }

  /** Whether the origin's rules are loaded (not just being fetched), so its Crawl-delay is in force. */
  loaded(url: string): boolean {
    return this.ready.has(new URL(url).origin);
  }

  async check(url: string, userAgent = this.userAgent): Promise<RobotsVerdict> {
    const robot = await this.robot(new URL(url).origin);
    const delay = robot.getCrawlDelay(userAgent);
    return {
      allowed: robot.isAllowed(url, userAgent) !== false,
      crawlDelayMs: typeof delay === 'number' && delay > 0 ? Math.round(delay * 1000) : null,
    };
  }
}
