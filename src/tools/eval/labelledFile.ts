import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { REASONS } from '../../model/index.js';
import { ListingInputError, validateListing } from '../../match/listingsJsonl.js';
import type { LabelledListing } from './evaluate.js';

/*
 * Labelled listings as JSONL, the sample marketplace's truth-file shape:
 * {"listingId", "platform"?, "expected": [{rightId, reason}], "listing": {...}, "case"? | "note"?}.
 */

const ExpectedSchema = z.object({ rightId: z.string().nullable(), reason: z.enum(REASONS) }).strict();
const LineSchema = z
  .object({
    listingId: z.string().min(1),
    platform: z.string().optional(),
    expected: z.array(ExpectedSchema),
    listing: z.unknown(),
    case: z.string().optional(),
    note: z.string().optional(),
  })
  .strict();

export async function* readLabelledJsonl(file: string): AsyncGenerator<LabelledListing> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    if (text.trim() === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new ListingInputError(`${file}:${line}: not valid JSON (${(err as Error).message})`);
    }
    const parsed = LineSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ListingInputError(
        `${file}:${line}: field "${issue?.path.join('.') ?? ''}": ${issue?.message}`,
      );
    }
    const listing = validateListing(parsed.data.listing, `${file}:${line} listing`);
    if (listing.id !== parsed.data.listingId) {
      throw new ListingInputError(`${file}:${line}: field "listingId" differs from listing.id`);
    }
    const label = parsed.data.case ?? parsed.data.note;
    yield { listing, expected: parsed.data.expected, ...(label ? { label } : {}) };
  }
}
