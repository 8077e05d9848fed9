import { z } from 'zod';
import { RightSchema, type Right } from '../model/index.js';
import { parseReference } from '../reference/referenceData.js';

/*
 * The reference watch lists shipped in data/reference/: special and Olympic marks, and the GI catalogue seed.
 * They are watch-list files with their source and effective date beside the rights, importable as they are
 * (`markwatch rights import data/reference/gi-catalogue.json --as staff --approve`).
 */

export const REFERENCE_WATCH_LISTS = {
  specialMarks: 'special-marks.json',
  giCatalogue: 'gi-catalogue.json',
} as const;
export type ReferenceWatchList = keyof typeof REFERENCE_WATCH_LISTS;

export const ReferenceWatchListSchema = z
  .object({
    source: z.string().min(1),
    effectiveDate: z.iso.date(),
    notes: z.string().optional(),
    rights: z.array(RightSchema),
  })
  .strict();
export type ReferenceWatchListFile = z.infer<typeof ReferenceWatchListSchema>;

export function loadReferenceWatchList(name: ReferenceWatchList): ReferenceWatchListFile {
  return parseReference(REFERENCE_WATCH_LISTS[name], ReferenceWatchListSchema);
}

export function referenceRights(name: ReferenceWatchList): Right[] {
  return loadReferenceWatchList(name).rights;
}
