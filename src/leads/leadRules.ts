import { z } from 'zod';
import { MarkwatchError } from '../common/errors.js';
import { parseJsonFile, type JsonProblem } from '../common/jsonFile.js';
import { packagePath } from '../common/packageRoot.js';
import { REASONS } from '../model/index.js';

/*
 * The lead rules under rules/leads/: risk weights, repeat and group parameters, referral offences and
 * attachments, jurisdiction. Each file carries `source` and `effectiveDate`; each is read once and cached, and
 * every function taking rules also accepts them as an argument so tests and callers can pass their own.
 */

export const LEAD_RULES_DIR = packagePath('rules', 'leads') + '/';

export class LeadRulesError extends MarkwatchError {
  constructor(
    message: string,
    readonly problems: readonly JsonProblem[] = [],
  ) {
    super('leads.rules_invalid', message);
  }
}

const isoDate = z.iso.date();
const header = { source: z.string().min(1), effectiveDate: isoDate, notes: z.string().optional() };
const fraction = z.number().min(0).max(1);
const regionCode = z.string().regex(/^\d{6}$/, 'GB/T 2260 区划代码应为 6 位数字');

export const RISK_PARTS = ['hits', 'keyGoods', 'keyPeriod', 'sales', 'priceGap', 'repeat', 'group'] as const;
export type RiskPart = (typeof RISK_PARTS)[number];

export const RiskWeightsSchema = z
  .object({
    ...header,
    weights: z
      .object(Object.fromEntries(RISK_PARTS.map((p) => [p, fraction])) as Record<RiskPart, typeof fraction>)
      .strict(),
    tiers: z
      .object({ high: fraction, medium: fraction })
      .strict()
      .refine((t) => t.medium <= t.high, { message: 'tiers.medium must not exceed tiers.high' }),
    scales: z
      .object({
        salesSaturation: z.number().int().positive(),
        priceGapFull: z.number().positive().max(1),
        groupSellersFull: z.number().int().min(2),
      })
      .strict(),
  })
  .strict();
export type RiskWeights = z.infer<typeof RiskWeightsSchema>;

export const RepeatRulesSchema = z
  .object({
    ...header,
    closedCaseYears: z.number().int().positive(),
    afterNoticeSameRight: z.boolean(),
    closedCaseSameKind: z.boolean(),
  })
  .strict();
export type RepeatRules = z.infer<typeof RepeatRulesSchema>;

export const GroupRulesSchema = z
  .object({
    ...header,
    shingleSize: z.number().int().min(1).max(8),
    minJaccard: z.number().gt(0).max(1),
    priceRatio: z.number().min(1),
    allowMissingPrice: z.boolean(),
    maxImageDistance: z.number().int().min(0).max(64),
    minSellers: z.number().int().min(2),
    maxSharedShown: z.number().int().positive(),
  })
  .strict();
export type GroupRules = z.infer<typeof GroupRulesSchema>;

export const OFFENCE_MEASURES = ['businessVolume', 'salesAmount'] as const;
export type OffenceMeasure = (typeof OFFENCE_MEASURES)[number];

export const ReferralRulesSchema = z
  .object({
    ...header,
    offences: z
      .array(
        z
          .object({
            article: z.enum(['213', '214', '215', '216']),
            measure: z.enum(OFFENCE_MEASURES),
            reasons: z.array(z.enum(REASONS)).min(1),
            multiMark: z.boolean(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type ReferralRules = z.infer<typeof ReferralRulesSchema>;
export type ReferralOffenceRule = ReferralRules['offences'][number];

export const ReferralAttachmentsSchema = z
  .object({
    ...header,
    attachments: z
      .array(
        z
          .object({
            code: z.string().regex(/^[a-z_]+$/),
            item: z.number().int().positive(),
            nameZh: z.string().min(1),
            nameEn: z.string().min(1),
            required: z.boolean(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type ReferralAttachments = z.infer<typeof ReferralAttachmentsSchema>;
export type ReferralAttachment = ReferralAttachments['attachments'][number];

export const OfficeSchema = z.object({ name: z.string().min(1), regionCode }).strict();
export type Office = z.infer<typeof OfficeSchema>;

export const JurisdictionRulesSchema = z
  .object({
    ...header,
    office: OfficeSchema,
    routeLevel: z.enum(['province', 'city', 'county']),
    bureaus: z.array(z.object({ regionCode, name: z.string().min(1) }).strict()),
    platforms: z.record(z.string(), z.object({ operator: z.string().min(1), regionCode }).strict()),
  })
  .strict();
export type JurisdictionRules = z.infer<typeof JurisdictionRulesSchema>;

const error = (message: string, problems: JsonProblem[]) => new LeadRulesError(message, problems);

/** Parses rules/leads/<name> (or `dir`/<name>); the error names the file and every bad field. */
export function parseLeadRules<T>(name: string, schema: z.ZodType<T>, dir: string = LEAD_RULES_DIR): T {
  return parseJsonFile(`${dir}${name}`, schema, { error });
}

function cachedFile<T>(name: string, schema: z.ZodType<T>): () => T {
  let value: T | undefined;
  return () => (value ??= parseLeadRules(name, schema));
}

export const loadRiskWeights = cachedFile('risk-weights.json', RiskWeightsSchema);
export const loadRepeatRules = cachedFile('repeat.json', RepeatRulesSchema);
export const loadGroupRules = cachedFile('group.json', GroupRulesSchema);
export const loadReferralRules = cachedFile('referral.json', ReferralRulesSchema);
export const loadReferralAttachments = cachedFile('referral-attachments.json', ReferralAttachmentsSchema);
export const loadJurisdictionRules = cachedFile('jurisdiction.json', JurisdictionRulesSchema);

export const RISK_PART_LABELS: Record<RiskPart, string> = {
  hits: '命中得分',
  keyGoods: '重点商品',
  keyPeriod: '重点时段',
  sales: '销量',
  priceGap: '价格差',
  repeat: '反复侵权',
  group: '群体性侵权',
};
