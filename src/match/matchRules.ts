import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/*
 * The matcher's declarative rules under rules/match/: weights and thresholds, the goods → Nice-class table.
 * Each file carries `source` and `effectiveDate`. The path is the same from src/ and dist/.
 */

export const MATCH_RULES_DIR = fileURLToPath(new URL('../../rules/match/', import.meta.url));

const isoDate = z.iso.date();
const header = { source: z.string().min(1), effectiveDate: isoDate, notes: z.string().optional() };

/** What a vocabulary group means to the flag policy (rules/match/weights.json `vocabularyRoles`). */
export const VOCABULARY_ROLES = [
  'counterfeit',
  'hedging',
  'grey',
  'after_sale',
  'authenticity',
  'official_claim',
  'compatibility',
  'price_guard',
  'news',
  'gi_origin',
  'ignore',
] as const;
export type VocabularyRole = (typeof VOCABULARY_ROLES)[number];

export const WeightsFileSchema = z
  .object({
    ...header,
    scoring: z.string().optional(),
    thresholds: z
      .object({
        flag: z.number().min(0).max(1),
        lowPriceRatio: z.number().positive().max(1),
        veryLowPriceRatio: z.number().positive().max(1),
        shortMarkLength: z.number().int().min(1),
        maxRulesPerKind: z.number().int().min(1),
        compatibilityDistance: z.number().int().min(0),
      })
      .strict(),
    weights: z.record(z.string(), z.number().min(-1).max(1)),
    vocabularyRoles: z.record(z.string(), z.enum(VOCABULARY_ROLES)),
  })
  .strict();
export type WeightsFile = z.infer<typeof WeightsFileSchema>;

export const GoodsGroupSchema = z
  .object({
    id: z.string().regex(/^[a-z_]+$/),
    name: z.string().min(1),
    aliases: z.array(z.string().min(1)),
    classes: z.array(z.number().int().min(1).max(45)),
    pathTerms: z.array(z.string().min(1)),
    keywords: z.array(z.string().min(1)),
    note: z.string().optional(),
  })
  .strict();
export type GoodsGroup = z.infer<typeof GoodsGroupSchema>;

export const GoodsClassesFileSchema = z
  .object({ ...header, groups: z.array(GoodsGroupSchema).min(1) })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.groups.forEach((g, i) => {
      if (seen.has(g.id))
        ctx.addIssue({ code: 'custom', path: ['groups', i, 'id'], message: `duplicate id ${g.id}` });
      seen.add(g.id);
    });
  });
export type GoodsClassesFile = z.infer<typeof GoodsClassesFileSchema>;

export class MatchRulesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MatchRulesError';
  }
}

/** Reads and validates rules/match/<name>; the error names the file and the first bad field. */
export function readRulesFile<T>(name: string, schema: z.ZodType<T>, dir: string = MATCH_RULES_DIR): T {
  const file = `${dir}${name}`;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new MatchRulesError(`${file}: cannot read match rules: ${(err as Error).message}`);
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue ? issue.path.map(String).join('.') : '';
  throw new MatchRulesError(`${file}: field "${path}": ${issue?.message ?? 'invalid'}`);
}

export interface MatchRules {
  weights: WeightsFile;
  goods: GoodsClassesFile;
}

/** The rules the policy needs, read once when a matcher is created. */
export function loadMatchRules(dir: string = MATCH_RULES_DIR): MatchRules {
  return {
    weights: readRulesFile('weights.json', WeightsFileSchema, dir),
    goods: readRulesFile('goods-classes.json', GoodsClassesFileSchema, dir),
  };
}
