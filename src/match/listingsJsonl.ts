import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { ListingSchema, type Listing } from '../model/index.js';

/*
 * Listings JSONL (one listing per line), read as a stream. A bad line stops the read with an error naming
 * the file, the line and the field; blank lines are skipped.
 */

export class ListingInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ListingInputError';
  }
}

/** Parses one JSONL line into a Listing, or throws naming the line and the field. */
export function parseListingLine(text: string, line: number, file: string): Listing {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ListingInputError(`${file}:${line}: not valid JSON (${(err as Error).message})`);
  }
  return validateListing(raw, `${file}:${line}`);
}

/** Validates a parsed listing; the error starts with `where` and names the field (and the listing id). */
export function validateListing(raw: unknown, where: string): Listing {
  const result = ListingSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(line)';
  const id = (raw as { id?: unknown } | null)?.id;
  const which = typeof id === 'string' ? ` (listing "${id}")` : '';
  throw new ListingInputError(`${where}: field "${field}"${which}: ${issue?.message ?? 'invalid'}`);
}

/** Yields every listing of a JSONL file with its line number, streaming. */
export async function* readListingsJsonl(file: string): AsyncGenerator<{ line: number; listing: Listing }> {
  const input = createReadStream(file, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    input.once('open', () => resolve());
    input.once('error', (err) =>
      reject(new ListingInputError(`${file}: cannot read listings: ${err.message}`)),
    );
  });
  await opened;
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line += 1;
      const trimmed = line === 1 ? text.replace(/^\uFEFF/, '') : text;
      if (trimmed.trim() === '') continue;
      yield { line, listing: parseListingLine(trimmed, line, file) };
    }
  } finally {
    lines.close();
    input.destroy();
  }
}
