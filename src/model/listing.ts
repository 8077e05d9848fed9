import { z } from 'zod';

/** A seller as the platform shows it; `location` is verbatim (e.g. `浙江 杭州`, `福建省莆田市`). */
export const SellerSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    location: z.string().optional(),
    regionCode: z
      .string()
      .regex(/^\d{6}$/, 'GB/T 2260 区划代码应为 6 位数字')
      .optional(),
    /** 统一社会信用代码 from the shop's licence disclosure (电子商务法 §15), when shown. */
    creditCode: z.string().optional(),
  })
  .strict();
export type Seller = z.infer<typeof SellerSchema>;

/** One captured listing, in the Listings JSONL format (README "Formats"). */
export const ListingSchema = z
  .object({
    id: z.string().min(1),
    platform: z.string().min(1),
    url: z.string().min(1),
    title: z.string(),
    description: z.string().optional(),
    /** The platform's category path, e.g. `运动户外/运动鞋`. */
    category: z.string().optional(),
    /** Displayed price in CNY. */
    price: z.number().nonnegative().optional(),
    sales: z.number().int().nonnegative().optional(),
    seller: SellerSchema,
    images: z.array(z.string()).optional(),
    /** ISO time; legal status is judged at this moment. */
    capturedAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type Listing = z.infer<typeof ListingSchema>;
