import type { RuleFire, TextField } from '../model/index.js';
import type { WeightsFile } from './matchRules.js';

/** Every rule name the policy can fire; rules/match/weights.json must give each a weight. */
export const RULE_NAMES = [
  'mark.plain',
  'mark.evasion',
  'category.in_class',
  'category.goods_keyword',
  'mark.well_known',
  'seller.unauthorized',
  'signal.evasion',
  'signal.evasion_short_phonetic',
  'signal.counterfeit_vocabulary',
  'signal.hedging_vocabulary',
  'signal.low_price',
  'signal.very_low_price',
  'signal.official_claim',
  'context.grey_channel',
  'context.after_sale',
  'context.authenticity_claim',
  'watch.grey_channel',
  'watch.authenticity_claim',
  'watch.referential',
  'guard.compatibility',
  'guard.price',
  'guard.needs_corroboration',
  'gi.name',
  'gi.evasion',
  'category.gi_goods',
  'location.outside',
  'location.too_coarse',
  'location.inside',
  'location.unknown',
  'context.gi_origin_claim',
  'gi.packaging',
  'special.name',
  'special.evasion',
  'special.commercial_use',
  'guard.news_phrase',
  'guard.editorial_context',
  'watch.news_context',
  'patent.claim',
  'patent.number',
  'patent.malformed_number',
  'patent.wrong_check_char',
  'patent.type_mismatch',
  'patent.expired_register',
  'patent.status_ended',
  'patent.expired_by_number',
  'patent.pending_as_granted',
  'patent.not_licensed',
] as const;
export type RuleName = (typeof RULE_NAMES)[number];

export type Weights = Readonly<Record<RuleName, number>>;

/** What every policy reads: the weights and thresholds of rules/match/weights.json. */
export interface PolicyEnv {
  weights: Weights;
  thresholds: WeightsFile['thresholds'];
}

/** Checks that the weights file covers every rule the code can fire. */
export function checkWeights(weights: Record<string, number>, file: string): Weights {
  const missing = RULE_NAMES.filter((r) => typeof weights[r] !== 'number');
  if (missing.length > 0) throw new Error(`${file}: field "weights": no weight for ${missing.join(', ')}`);
  return weights as Weights;
}

export interface Where {
  field?: TextField;
  span?: [number, number];
  text?: string;
}

/** The rules that fired for one candidate hit, in order, with their score contributions. */
export class Explanation {
  readonly fires: RuleFire[] = [];

  constructor(private readonly weights: Weights) {}

  /** Records a rule; `detail` is appended to the name (`mark.evasion[pinyin]`). */
  add(rule: RuleName, where: Where = {}, detail?: string): this {
    // Built in the order it is printed: rule, field, span, text, weight.
    const fire = { rule: detail ? `${rule}[${detail}]` : rule } as RuleFire;
    if (where.field) fire.field = where.field;
    if (where.span) fire.span = where.span;
    if (where.text !== undefined) fire.text = where.text;
    fire.weight = this.weights[rule];
    this.fires.push(fire);
    return this;
  }

  has(rule: RuleName): boolean {
    return this.fires.some((f) => f.rule === rule || f.rule.startsWith(`${rule}[`));
  }

  score(): number {
    const sum = this.fires.reduce((s, f) => s + f.weight, 0);
    return Math.round(Math.min(1, Math.max(0, sum)) * 1000) / 1000;
  }
}
