import { z } from 'zod';
import { PATENT_TYPES, type PatentType } from '../model/index.js';
import { parseReference } from '../reference/referenceData.js';
import { addToDate } from '../common/chinaTime.js';

/*
 * Patent term from the filing date (专利法 Art. 42). The years live in data/reference/patent-terms.json with
 * their source and effective date; this module only applies them.
 */

const isoDate = z.iso.date();

export const PatentTermTableSchema = z
  .object({
    source: z.string().min(1),
    effectiveDate: isoDate,
    notes: z.string().optional(),
    lastDay: z.literal('dayBeforeAnniversary'),
    terms: z
      .array(
        z
          .object({
            patentType: z.enum(PATENT_TYPES),
            years: z.number().int().positive(),
            filedFrom: isoDate.nullable(),
            filedBefore: isoDate.nullable(),
            basis: z.string().min(1),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type PatentTermTable = z.infer<typeof PatentTermTableSchema>;

let table: PatentTermTable | undefined;

export function patentTermTable(): PatentTermTable {
  table ??= parseReference('patent-terms.json', PatentTermTableSchema);
  return table;
}

export interface PatentTerm {
  years: number;
  /** Last protected day (inclusive). */
  lastDay: string;
  basis: string;
}

/** The statutory term of a patent filed on `filingDate` (for PCT: the international filing date). */
export function patentTerm(
  patentType: PatentType,
  filingDate: string,
  terms: PatentTermTable = patentTermTable(),
): PatentTerm {
  const rule = terms.terms.find(
    (t) =>
      t.patentType === patentType &&
      (t.filedFrom === null || filingDate >= t.filedFrom) &&
      (t.filedBefore === null || filingDate < t.filedBefore),
  );
  if (!rule) throw new Error(`patent-terms.json has no term for a ${patentType} filed on ${filingDate}`);
  return { years: rule.years, lastDay: addToDate(filingDate, rule.years, -1), basis: rule.basis };
}
