import { z } from 'zod';
import { formatProblems, readJsonLines, type JsonProblem } from '../../common/jsonFile.js';
import { ListingSchema, REASONS, TIERS } from '../../model/index.js';
import { ListingInputError } from '../../match/listingsJsonl.js';
import type { LabelledListing } from './evaluate.js';

/*
 * Labelled listings as JSONL, the sample marketplace's truth-file shape:
 * {"listingId", "platform"?, "expected": [{rightId, reason, tier?}], "listing": {...}, "case"? | "note"?}.
 * Read through common/jsonFile like every other input: every bad line and field is reported, and a file with
 * any problem yields nothing (an evaluation on part of a set would print misleading figures).
 */

/** `tier` absent = 'lead', so label files written before the watch tier keep their meaning. */
const ExpectedSchema = z
  .object({ rightId: z.string().nullable(), reason: z.enum(REASONS), tier: z.enum(TIERS).optional() })
  .strict();
const LineSchema = z
  .object({
    listingId: z.string().min(1),
    platform: z.string().optional(),
    expected: z.array(ExpectedSchema),
    listing: ListingSchema,
    case: z.string().optional(),
    note: z.string().optional(),
  })
  .strict()
  .refine((line) => line.listing.id === line.listingId, {
    path: ['listingId'],
    message: 'differs from listing.id',
  });

const labelledError = (message: string, problems: JsonProblem[]) => new ListingInputError(message, problems);

export async function* readLabelledJsonl(file: string): AsyncGenerator<LabelledListing> {
  const read: LabelledListing[] = [];
  const problems: JsonProblem[] = [];
  for await (const line of readJsonLines(file, LineSchema, { error: labelledError })) {
    if (!line.ok) {
      problems.push(...line.problems);
      continue;
    }
    const { listing, expected, case: caseName, note } = line.value;
    const label = caseName ?? note;
    read.push({ listing, expected, ...(label ? { label } : {}) });
  }
  if (problems.length > 0) {
    throw labelledError(formatProblems(problems), problems);
  }
  yield* read;
}
