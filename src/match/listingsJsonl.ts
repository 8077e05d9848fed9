import { MarkwatchError } from '../common/errors.js';
import { parseJson, readJsonLines, type JsonLine, type JsonProblem } from '../common/jsonFile.js';
import { ListingSchema, type Listing } from '../model/index.js';

/*
 * Listings JSONL (one listing per line), read as a stream through common/jsonFile: a bad line is yielded with
 * every problem it has (file, line, field and listing id), so the caller can report them all; blank lines
 * are skipped.
 */

export class ListingInputError extends MarkwatchError {
  constructor(
    message: string,
    readonly problems: readonly JsonProblem[] = [],
  ) {
    super('match.listing', message);
  }
}

const listingError = (message: string, problems: JsonProblem[]) => new ListingInputError(message, problems);

/** `listing "a2"`, so a problem can be found by the listing's id as well as by its line. */
function listingSubject(raw: unknown): string | undefined {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id ? `listing "${id}"` : undefined;
}

/** Validates a parsed listing; the error starts with `where` and names every bad field (and the listing id). */
export function validateListing(raw: unknown, where: string): Listing {
  return parseJson(raw, ListingSchema, { file: where }, { error: listingError, subject: listingSubject });
}

/**
 * Every non-blank line of a listings JSONL file: the listing, or its problems. Only an unreadable file throws
 * (ListingInputError naming it).
 */
export function readListingLines(file: string, name: string = file): AsyncGenerator<JsonLine<Listing>> {
  return readJsonLines(file, ListingSchema, { name, error: listingError, subject: listingSubject });
}
