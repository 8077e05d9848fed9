import type { Page } from 'playwright-core';
import type { RenderAction } from '../extract/index.js';
import type { DataCalls } from './dataCalls.js';

/** Page-side condition (a string, evaluated in Chromium): more than `n` elements match `selector`. */
function grewBeyond(selector: string, n: number): string {
  return `document.querySelectorAll(${JSON.stringify(selector)}).length > ${n}`;
}

/**
 * Runs the profile's steps. `wantItems`: a list that grows by clicks or scrolls stops growing once it
 * holds that many `growth` elements (the query can take no more); `times` / `maxRounds` cap it anyway.
 */
export async function runSteps(
  page: Page,
  steps: RenderAction[],
  timeout: number,
  data: DataCalls,
  wantItems = Infinity,
): Promise<void> {
  for (const step of steps) {
    if ('waitFor' in step) {
      await data.race(
        page.waitForSelector(step.waitFor, { timeout: step.timeoutMs ?? timeout, state: 'attached' }),
      );
    } else if ('click' in step) {
      for (let i = 0; i < step.times; i++) {
        data.check();
        const button = page.locator(step.click).first();
        if ((await button.count()) === 0) break;
        const before = step.growth ? await page.locator(step.growth).count() : 0;
        if (before >= wantItems) break;
        await button.click({ timeout });
        if (step.growth) {
          // A failed batch call leaves the list as it was: stop waiting for growth at once.
          await data.race(page.waitForFunction(grewBeyond(step.growth, before), undefined, { timeout }));
        }
      }
    } else {
      for (let round = 0; round < step.maxRounds; round++) {
        const before = step.growth ? await page.locator(step.growth).count() : 0;
        if (before >= wantItems) break;
        await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
        if (!step.growth) break;
        const grew = await page
          .waitForFunction(grewBeyond(step.growth, before), undefined, { timeout: Math.min(timeout, 2000) })
          .then(() => true)
          .catch(() => false);
        if (!grew) break;
      }
    }
  }
  // Every step done, but a data call failed on the way: the page is not the app's ready state.
  data.check();
}
