import { z } from 'zod';

/** Stable reason codes (README "Reasons"). */
export const REASONS = [
  'trademark.counterfeit',
  'trademark.evasion',
  'trademark.use',
  'trademark.authenticity_claim',
  'trademark.referential',
  'trademark.grey_channel',
  'gi.origin_mismatch',
  'gi.packaging',
  'special.unauthorized',
  'special.news_context',
  'patent.invalid_number',
  'patent.type_mismatch',
  'patent.expired',
  'patent.application_as_patent',
  'patent.unlicensed',
] as const;
export type Reason = (typeof REASONS)[number];

/**
 * A lead (flagged: an officer can defend it from the listing alone) or a watch signal (worth showing, not a
 * lead). A plain weak hit (`trademark.use`, a GI hit whose seller location cannot be judged, a mention that
 * still needs corroboration) carries no tier: it is a mention, not a signal.
 */
export const TIERS = ['lead', 'watch'] as const;
export type Tier = (typeof TIERS)[number];

/** The reasons that only ever come with tier `watch` (README "Reasons"). */
export const WATCH_REASONS: ReadonlySet<Reason> = new Set<Reason>([
  'trademark.authenticity_claim',
  'trademark.referential',
  'trademark.grey_channel',
  'gi.packaging',
  'special.news_context',
]);

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
    /** True for leads only: flagged ⇔ tier 'lead'. */
    flagged: z.boolean(),
    /** 'lead' or 'watch'; absent on a plain weak hit. */
    tier: z.enum(TIERS).optional(),
    rules: z.array(RuleFireSchema),
  })
  .strict();
export type Hit = z.infer<typeof HitSchema>;

/** A hit's `flagged` and `tier`, kept in step: flagged ⇔ tier 'lead'; a plain weak hit has no tier. */
export function tierFields(tier: Tier | undefined): Pick<Hit, 'flagged' | 'tier'> {
  return tier ? { flagged: tier === 'lead', tier } : { flagged: false };
}

/** Whether a hit opens a lead: its tier says so; a hit without a tier from an older producer, when flagged. */
export function isLead(hit: Pick<Hit, 'flagged' | 'tier'>): boolean {
  return hit.tier === undefined ? hit.flagged : hit.tier === 'lead';
}
