import { describe, expect, it } from 'vitest';
import { demoPlatforms } from '../../src/cli/demo.js';
import { loadSiteProfiles } from '../../src/extract/index.js';

describe('demo platforms', () => {
  const profiles = loadSiteProfiles();

  it('skips browser-rendered platforms, and says so, when Chromium is missing', () => {
    const lines: string[] = [];
    const got = demoPlatforms(['shopa', 'shopb', 'shopc'], profiles, '/nonexistent/chromium', (l) =>
      lines.push(l),
    );
    expect(got).toEqual(['shopa', 'shopb']);
    expect(lines.join('\n')).toMatch(/未找到浏览器 \/nonexistent\/chromium.*shopc/);
  });

  it('keeps every platform when the browser exists', () => {
    const lines: string[] = [];
    expect(
      demoPlatforms(['shopa', 'shopb', 'shopc'], profiles, process.execPath, (l) => lines.push(l)),
    ).toEqual(['shopa', 'shopb', 'shopc']);
    expect(lines).toEqual([]);
  });
});
