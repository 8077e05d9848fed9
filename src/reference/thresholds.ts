import { z } from 'zod';
import { parseReference } from './referenceData.js';

/*
 * Criminal thresholds (刑事立案标准) and administrative fine scales, versioned by effective date, from
 * data/reference/criminal-thresholds.json and administrative-fines.json. Values marked unverified are shipped
 * as data so they can be corrected without a code change.
 */

const isoDate = z.iso.date();
const amounts = z.record(z.string(), z.number().nonnegative());

export const CriminalThresholdsSchema = z
  .object({
    source: z.string().min(1),
    effectiveDate: isoDate,
    notes: z.string().optional(),
    versions: z
      .array(
        z
          .object({
            effectiveDate: isoDate,
            document: z.string().min(1),
            unitMultiplier: z.number().positive(),
            offences: z.array(
              z
                .object({
                  article: z.enum(['213', '214', '215', '216']),
                  nameZh: z.string().min(1),
                  verified: z.boolean(),
                  verifyNote: z.string().optional(),
                  entry: amounts,
                  entryMultiMark: amounts.optional(),
                  upper: amounts.nullable(),
                  upperMultiMark: amounts.nullable().optional(),
                  attempt: amounts.optional(),
                  attemptNote: z.string().optional(),
                })
                .strict(),
            ),
            repeatWithinYears: z.number().int().positive().optional(),
            repeatNote: z.string().optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type CriminalThresholds = z.infer<typeof CriminalThresholdsSchema>;
export type ThresholdVersion = CriminalThresholds['versions'][number];
export type OffenceThresholds = ThresholdVersion['offences'][number];

export const AdministrativeFinesSchema = z
  .object({
    source: z.string().min(1),
    effectiveDate: isoDate,
    notes: z.string().optional(),
    scales: z.array(
      z
        .object({
          basis: z.enum(['trademark', 'patent_passing_off']),
          nameZh: z.string().min(1),
          effectiveDate: isoDate,
          verified: z.boolean(),
          volumeThreshold: z.number().nonnegative(),
          multipleFrom: z.enum(['atOrAbove', 'above']),
          multiple: z.number().positive(),
          capBelow: z.number().positive(),
          measure: z.string().min(1),
          repeat: z
            .object({ count: z.number().int(), years: z.number().int(), effect: z.string() })
            .strict()
            .nullable(),
          alsoAppliesTo: z.array(z.string()),
        })
        .strict(),
    ),
  })
  .strict();
export type AdministrativeFines = z.infer<typeof AdministrativeFinesSchema>;
export type FineScale = AdministrativeFines['scales'][number];

let thresholds: CriminalThresholds | undefined;
let fines: AdministrativeFines | undefined;

export function loadCriminalThresholds(): CriminalThresholds {
  thresholds ??= parseReference('criminal-thresholds.json', CriminalThresholdsSchema);
  return thresholds;
}

export function loadAdministrativeFines(): AdministrativeFines {
  fines ??= parseReference('administrative-fines.json', AdministrativeFinesSchema);
  return fines;
}

/** The newest of `items` in force on `day` (effectiveDate ≤ day), or null before the first. */
function inForce<T extends { effectiveDate: string }>(items: T[], day: string): T | null {
  return items
    .filter((i) => i.effectiveDate <= day)
    .reduce<T | null>((best, i) => (best === null || i.effectiveDate > best.effectiveDate ? i : best), null);
}

/** The threshold table in force on `day` (YYYY-MM-DD). */
export function thresholdsAt(
  day: string,
  file: CriminalThresholds = loadCriminalThresholds(),
): ThresholdVersion | null {
  return inForce(file.versions, day);
}

/** One offence's thresholds on `day`, with the version they come from. */
export function offenceThresholds(
  article: OffenceThresholds['article'],
  day: string,
  file: CriminalThresholds = loadCriminalThresholds(),
): (OffenceThresholds & { version: string; document: string }) | null {
  const version = thresholdsAt(day, file);
  const offence = version?.offences.find((o) => o.article === article);
  return version && offence
    ? { ...offence, version: version.effectiveDate, document: version.document }
    : null;
}

/** The fine scale for `basis` in force on `day`. */
export function fineScaleAt(
  basis: FineScale['basis'],
  day: string,
  file: AdministrativeFines = loadAdministrativeFines(),
): FineScale | null {
  return inForce(
    file.scales.filter((s) => s.basis === basis),
    day,
  );
}

/**
 * The largest administrative fine for an amount (违法经营额 for trademarks, 违法所得 for patents) on `day`:
 * `multiple ×` the amount at or above (or above) the threshold, else the fixed cap.
 */
export function maxFine(
  basis: FineScale['basis'],
  amount: number,
  day: string,
  file: AdministrativeFines = loadAdministrativeFines(),
): { max: number; rule: string; verified: boolean } | null {
  const scale = fineScaleAt(basis, day, file);
  if (!scale) return null;
  const multipleApplies =
    scale.multipleFrom === 'atOrAbove' ? amount >= scale.volumeThreshold : amount > scale.volumeThreshold;
  return multipleApplies && amount > 0
    ? {
        max: amount * scale.multiple,
        rule: `${scale.nameZh}: ≤ ${scale.multiple}×`,
        verified: scale.verified,
      }
    : { max: scale.capBelow, rule: `${scale.nameZh}: ≤ ¥${scale.capBelow}`, verified: scale.verified };
}
