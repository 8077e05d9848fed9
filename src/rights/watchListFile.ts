import { MarkwatchError } from '../common/errors.js';
import { parseJsonFile, type JsonProblem } from '../common/jsonFile.js';
import { WatchListSchema, type Right } from '../model/index.js';

/** A watch list that cannot be used; `problems` holds every bad field (the message lists them). */
export class WatchListError extends MarkwatchError {
  constructor(
    message: string,
    readonly problems: readonly JsonProblem[] = [],
  ) {
    super('rights.watchlist', message);
  }
}

/** `right "tm-nike"` for a path inside `rights[i]`, so a problem in a long list can be found by id. */
function rightSubject(raw: unknown, path: readonly PropertyKey[]): string | undefined {
  if (path[0] !== 'rights' || typeof path[1] !== 'number') return undefined;
  const rights = (raw as { rights?: unknown } | null)?.rights;
  const id = Array.isArray(rights) ? (rights[path[1]] as { id?: unknown } | null)?.id : undefined;
  return typeof id === 'string' && id ? `right "${id}"` : undefined;
}

/**
 * Reads a watch-list JSON file (`{"rights": [...]}`). Every problem is reported at once, each naming the file,
 * the field and the right.
 */
export function loadWatchListFile(file: string): Right[] {
  const list = parseJsonFile(file, WatchListSchema, {
    error: (message, problems) => new WatchListError(message, problems),
    subject: rightSubject,
  });
  return list.rights;
}
