import { z } from 'zod';
import { parseJsonFile } from '../../common/jsonFile.js';

/*
 * What an officer writes about a typical case that markwatch does not observe (the decision, the penalty,
 * why it is typical): a JSON file keyed by lead id, `{"cases": {"12": {"penalty": "…"}}}`. Every field is
 * optional; markwatch fills what it knows (party, platform, goods, amount estimate, referral) and leaves the
 * rest blank. Problems name the file and the field.
 */

const text = z.string().trim().min(1).max(4000);
const money = z.number().finite().nonnegative();

export const CaseDetailSchema = z.strictObject({
  caseName: text.optional(),
  authority: text.optional(),
  decisionNo: text.optional(),
  creditCode: text.optional(),
  /** How it was found: crawler, complaint, 线索通报. */
  source: text.optional(),
  facts: text.optional(),
  legalBasis: text.optional(),
  penalty: text.optional(),
  /** CNY. */
  amountInvolved: money.optional(),
  fines: money.optional(),
  significance: text.optional(),
  publicityUrl: z.url({ protocol: /^https?$/ }).optional(),
});
export type CaseDetail = z.infer<typeof CaseDetailSchema>;

export const CaseDetailsSchema = z.strictObject({
  cases: z.record(z.string().regex(/^[1-9]\d*$/, 'expected a lead id'), CaseDetailSchema),
});

export function loadCaseDetails(file: string): Map<number, CaseDetail> {
  const parsed = parseJsonFile(file, CaseDetailsSchema);
  return new Map(Object.entries(parsed.cases).map(([id, d]) => [Number(id), d]));
}
