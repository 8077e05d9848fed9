import { htmlPage } from '../html.js';
import type { PlatformId } from '../platformIds.js';
import { unit } from '../rng.js';
import type { FaultSettings } from './faultSettings.js';

/*
 * Per-request fault decisions for pages and API answers (never robots.txt, static files, images or the
 * notice API). Draws are deterministic in (seed, request number); the block rule is per client.
 */

export interface FaultReply {
  status: number;
  headers: Record<string, string>;
  body: string;
  faultable: false;
}

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'hang' }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'truncate'; fraction: number }
  | { kind: 'respond'; fault: string; reply: (api: boolean) => FaultReply };

const SALT = {
  r429: 0x429,
  r5xx: 0x500,
  hang: 0x4a6,
  slow: 0x510,
  trunc: 0x7c,
  dup: 0xd0,
  frac: 0xf4,
  code: 0xc0,
};

export const CAPTCHA_MARKER = 'captcha-verify';

export function captchaPage(): string {
  return htmlPage(
    '安全验证',
    `<div id="${CAPTCHA_MARKER}" class="${CAPTCHA_MARKER}"><h2>访问过于频繁，请完成安全验证</h2>` +
      `<p>您的访问频率过高，请拖动下方滑块完成验证后继续访问 (too many requests: verification required)</p>` +
      `<div class="nc-container"><span class="nc-slider">&gt;&gt;</span> 请按住滑块，拖动到最右边</div></div>`,
  );
}

const text = (status: number, headers: Record<string, string>, body: string): FaultReply => ({
  status,
  headers,
  body,
  faultable: false,
});

export class FaultInjector {
  private requests = 0;
  private burstLeft = 0;
  private readonly windows = new Map<string, number[]>();
  private readonly blockedUntil = new Map<string, number>();

  constructor(
    private readonly seed: number,
    private readonly faults: FaultSettings,
    private readonly now: () => number,
  ) {}

  private draw(salt: number): number {
    return unit(this.seed, salt, this.requests);
  }

  decide(client: string, _platform: PlatformId | null): FaultDecision {
    this.requests++;
    const f = this.faults;
    if (f.block && this.blocked(client, f.block)) {
      return {
        kind: 'respond',
        fault: 'captcha',
        reply: (api) =>
          api
            ? text(
                403,
                { 'content-type': 'application/json; charset=utf-8' },
                JSON.stringify({ error: 'captcha', message: '访问过于频繁，请完成安全验证' }),
              )
            : text(200, { 'content-type': 'text/html; charset=utf-8' }, captchaPage()),
      };
    }
    if (this.burstLeft > 0 || (f.rate5xx > 0 && this.draw(SALT.r5xx) < f.rate5xx)) {
      if (this.burstLeft === 0) this.burstLeft = Math.max(1, f.burstLength);
      this.burstLeft--;
      const status = [500, 502, 503][Math.floor(this.draw(SALT.code) * 3)] ?? 503;
      return {
        kind: 'respond',
        fault: '5xx',
        reply: () =>
          text(
            status,
            { 'content-type': 'text/html; charset=utf-8' },
            htmlPage(`${status} 服务暂时不可用`, `<h1>${status}</h1><p>服务器开小差了，请稍后再试</p>`),
          ),
      };
    }
    if (f.rate429 > 0 && this.draw(SALT.r429) < f.rate429) {
      return {
        kind: 'respond',
        fault: '429',
        reply: () =>
          text(
            429,
            { 'content-type': 'text/plain; charset=utf-8', 'retry-after': String(f.retryAfterSec) },
            `Too Many Requests: retry after ${f.retryAfterSec} s`,
          ),
      };
    }
    if (f.hangRate > 0 && this.draw(SALT.hang) < f.hangRate) return { kind: 'hang' };
    if (f.slowRate > 0 && this.draw(SALT.slow) < f.slowRate) return { kind: 'slow', delayMs: f.slowMs };
    if (f.truncateRate > 0 && this.draw(SALT.trunc) < f.truncateRate) {
      return { kind: 'truncate', fraction: 0.4 + this.draw(SALT.frac) * 0.4 };
    }
    return { kind: 'none' };
  }

  /** Result pages: whether this one repeats items of the previous page. */
  duplicate(): boolean {
    return (
      this.faults.duplicateRate > 0 && unit(this.seed, SALT.dup, this.requests) < this.faults.duplicateRate
    );
  }

  /** Sliding-window rate check; a client over the limit is blocked for blockMs. */
  private blocked(client: string, block: NonNullable<FaultSettings['block']>): boolean {
    const now = this.now();
    const until = this.blockedUntil.get(client);
    if (until !== undefined && now < until) return true;
    const window = (this.windows.get(client) ?? []).filter((t) => now - t < block.windowMs);
    window.push(now);
    this.windows.set(client, window);
    if (window.length > block.maxRequests) {
      this.blockedUntil.set(client, now + block.blockMs);
      this.windows.set(client, []);
      return true;
    }
    return false;
  }
}
