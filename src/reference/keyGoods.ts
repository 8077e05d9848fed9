import { z } from 'zod';
import { parseReference } from './referenceData.js';

/*
 * Key goods categories (重点商品) with crawl-priority weights, from data/reference/key-goods.json.
 */

export const KeyGoodsFileSchema = z
  .object({
    source: z.string().min(1),
    effectiveDate: z.iso.date(),
    notes: z.string().optional(),
    categories: z.array(
      z
        .object({
          code: z.string().regex(/^[A-Z_]+$/),
          nameZh: z.string().min(1),
          weight: z.number().positive(),
          healthSafety: z.boolean(),
          rural: z.boolean(),
          sources: z.array(z.string()).min(1),
          keywords: z.array(z.string().min(1)).min(1),
        })
        .strict(),
    ),
  })
  .strict();
export type KeyGoodsFile = z.infer<typeof KeyGoodsFileSchema>;
export type KeyGoodsCategory = KeyGoodsFile['categories'][number];

let cached: KeyGoodsFile | undefined;

export function loadKeyGoods(): KeyGoodsFile {
  cached ??= parseReference('key-goods.json', KeyGoodsFileSchema);
  return cached;
}

/** The key-goods categories a text (a title, a category path, a search keyword) falls in. */
export function keyGoodsCategoriesOf(text: string, file: KeyGoodsFile = loadKeyGoods()): KeyGoodsCategory[] {
  return file.categories.filter((c) => c.keywords.some((k) => text.includes(k)));
}

/** The priority weight of a text: the largest weight of its categories, 1 when it is in none. */
export function keyGoodsWeight(text: string, file: KeyGoodsFile = loadKeyGoods()): number {
  return keyGoodsCategoriesOf(text, file).reduce((max, c) => Math.max(max, c.weight), 1);
}
