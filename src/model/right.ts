import { z } from 'zod';

const isoDate = z.iso.date();

export const AuthorizedSellerSchema = z
  .object({
    platform: z.string().optional(),
    sellerId: z.string().optional(),
    name: z.string().min(1),
    creditCode: z.string().optional(),
  })
  .strict();
export type AuthorizedSeller = z.infer<typeof AuthorizedSellerSchema>;

const common = {
  id: z.string().min(1),
  /** Where the record comes from (certificate, announcement, URL); shown to officers. */
  source: z.string().optional(),
};

export const TrademarkRightSchema = z
  .object({
    ...common,
    kind: z.literal('trademark'),
    name: z.string().min(1),
    aliases: z.array(z.string().min(1)).default([]),
    registrationNo: z.string().min(1),
    niceClasses: z.array(z.number().int().min(1).max(45)).min(1),
    goods: z.array(z.string().min(1)).optional(),
    owner: z.string().min(1),
    ownerCreditCode: z.string().optional(),
    validFrom: isoDate,
    validTo: isoDate,
    /** 驰名商标: protected across classes. */
    wellKnown: z.boolean().default(false),
    authorizedSellers: z.array(AuthorizedSellerSchema).default([]),
    /** Lowest genuine retail price. */
    referencePrice: z
      .object({ min: z.number().positive(), currency: z.string().default('CNY') })
      .strict()
      .optional(),
  })
  .strict();

export const GiRightSchema = z
  .object({
    ...common,
    kind: z.literal('gi'),
    name: z.string().min(1),
    aliases: z.array(z.string().min(1)).default([]),
    /** The protected goods, e.g. 茶叶, 大米. */
    category: z.string().min(1),
    protectedArea: z
      .object({
        regionCodes: z.array(z.string().regex(/^\d{6}$/, 'GB/T 2260 区划代码应为 6 位数字')).min(1),
        text: z.string().min(1),
      })
      .strict(),
    announcementNo: z.string().optional(),
    authorizedSellers: z.array(AuthorizedSellerSchema).default([]),
  })
  .strict();

export const SpecialRightSchema = z
  .object({
    ...common,
    kind: z.literal('special'),
    name: z.string().min(1),
    aliases: z.array(z.string().min(1)).default([]),
    announcementNo: z.string().min(1),
    validFrom: isoDate,
    validTo: isoDate,
    authorizedSellers: z.array(AuthorizedSellerSchema).default([]),
    /** Olympic marks (奥林匹克标志保护条例; similar signs also infringe), special marks (特殊标志管理条例) or other
     *  official marks (官方标志). Optional; absent = special. */
    markType: z.enum(['olympic', 'special', 'official']).optional(),
  })
  .strict();

export const PATENT_TYPES = ['invention', 'utility', 'design'] as const;
export const PATENT_STATUSES = ['valid', 'expired', 'terminated', 'invalid', 'pending'] as const;

export const PatentRightSchema = z
  .object({
    ...common,
    kind: z.literal('patent'),
    /** As printed, e.g. `ZL201710601862.3`. */
    number: z.string().min(1),
    patentType: z.enum(PATENT_TYPES),
    /** 申请日; for PCT numbers (type 8/9) the international filing date. */
    filingDate: isoDate,
    status: z.enum(PATENT_STATUSES),
    patentee: z.string().min(1),
    licensees: z.array(z.string().min(1)).default([]),
  })
  .strict();

export const RightSchema = z.discriminatedUnion('kind', [
  TrademarkRightSchema,
  GiRightSchema,
  SpecialRightSchema,
  PatentRightSchema,
]);

export type TrademarkRight = z.infer<typeof TrademarkRightSchema>;
export type GiRight = z.infer<typeof GiRightSchema>;
export type SpecialRight = z.infer<typeof SpecialRightSchema>;
export type PatentRight = z.infer<typeof PatentRightSchema>;
export type Right = z.infer<typeof RightSchema>;
export type RightKind = Right['kind'];
export type PatentType = (typeof PATENT_TYPES)[number];
export type PatentStatus = (typeof PATENT_STATUSES)[number];

/** The watch-list JSON file: `{"rights": [...]}`. */
export const WatchListSchema = z.object({ rights: z.array(RightSchema) }).strict();
export type WatchList = z.infer<typeof WatchListSchema>;

/** The display name of a right: the mark or GI name, or the patent number. */
export function rightLabel(right: Right): string {
  return right.kind === 'patent' ? right.number : right.name;
}
