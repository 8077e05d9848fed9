import { z } from 'zod';

/** Stable reason codes (README "Reasons"). */
export const REASONS = [
  'trademark.counterfeit',
  'trademark.evasion',
  'trademark.use',
  'gi.origin_mismatch',
  'special.unauthorized',
  'patent.invalid_number',
  'patent.type_mismatch',
  'patent.expired',
  'patent.application_as_patent',
  'patent.unlicensed',
] as const;
export type Reason = (typeof REASONS)[number];

export const TEXT_FIELDS = ['title', 'description', 'category', 'seller', 'price'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

/** One rule that fired: which rule, on which span of which field (original offsets), and its weight. */
export const RuleFireSchema = z
  .object({
    rule: z.string().min(1),
    field: z.enum(TEXT_FIELDS).optional(),
    /** [start, end) in UTF-16 units of the original (un-normalised) field text. */
    span: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]).optional(),
    text: z.string().optional(),
    weight: z.number(),
  })
  .strict();
export type RuleFire = z.infer<typeof RuleFireSchema>;

export const HitSchema = z
  .object({
    listingId: z.string().min(1),
    /** null for a patent marking that matches no watched patent. */
    rightId: z.string().nullable(),
    kind: z.enum(['trademark', 'gi', 'special', 'patent']),
    reason: z.enum(REASONS),
    score: z.number().min(0).max(1),
    flagged: z.boolean(),
    rules: z.array(RuleFireSchema),
  })
  .strict();
export type Hit = z.infer<typeof HitSchema>;
