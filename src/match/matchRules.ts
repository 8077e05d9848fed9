import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { MarkwatchError } from '../common/errors.js';
import { parseJsonFile, type JsonProblem } from '../common/jsonFile.js';
import { packagePath } from '../common/packageRoot.js';

/*
 * The matcher's declarative rules under rules/match/: weights and thresholds, the goods → Nice-class table.
 * Each file carries `source` and `effectiveDate`.
 */

export const MATCH_RULES_DIR = packagePath('rules', 'match') + '/';

/**
 * The rule files' names, sizes and modification times: what a matcher was built from besides the watch list.
 * A long-lived process (serve, a worker) that keeps a matcher between runs builds a new one when this changes,
 * so an edited rule takes effect at the next run as before.
 */
export function matchRulesStamp(dir: string = MATCH_RULES_DIR): string {
  return readdirSync(dir)
    .sort()
    .map((name) => {
      const s = statSync(join(dir, name));
      return `${name}:${s.size}:${s.mtimeMs}`;
    })
    .join('|');
}

const isoDate = z.iso.date();
const header = { source: z.string().min(1), effectiveDate: isoDate, notes: z.string().optional() };

/** What a vocabulary group means to the flag policy (rules/match/weights.json `vocabularyRoles`). */
export const VOCABULARY_ROLES = [
  'counterfeit',
  'hedging',
  'grey',
  'daigou',
  'after_sale',
  'authenticity',
  'official_claim',
  'compatibility',
  'price_guard',
  'news',
  'editorial',
  'packaging',
  'gi_origin',
  'ignore',
] as const;
export type VocabularyRole = (typeof VOCABULARY_ROLES)[number];

export const WeightsFileSchema = z
  .object({
    ...header,
    scoring: z.string().optional(),
    tiers: z.string().optional(),
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

export class MatchRulesError extends MarkwatchError {
  constructor(
    message: string,
    readonly problems: readonly JsonProblem[] = [],
  ) {
    super('match.rules', message);
  }
}

/** Reads and validates rules/match/<name>; the error names the file and every bad field. */
export function readRulesFile<T>(name: string, schema: z.ZodType<T>, dir: string = MATCH_RULES_DIR): T {
  return parseJsonFile(`${dir}${name}`, schema, {
    error: (message, problems) => new MatchRulesError(message, problems),
  });
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
