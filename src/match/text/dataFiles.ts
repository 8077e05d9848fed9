import { MarkwatchError } from '../../common/errors.js';
import type { JsonProblem } from '../../common/jsonFile.js';
import { packagePath } from '../../common/packageRoot.js';

/* Paths of the text core's data files. */

export const CONFUSION_FILE = packagePath('data', 'confusion', 'confusion-classes.json');
export const VOCABULARY_FILE = packagePath('rules', 'match', 'vocabulary.json');
export const CONTAINING_WORDS_FILE = packagePath('rules', 'match', 'containing-words.json');

export class MatchDataError extends MarkwatchError {
  constructor(
    message: string,
    readonly problems: readonly JsonProblem[] = [],
  ) {
    super('match.data', message);
  }
}

/** How the text core's data problems are thrown. */
export const matchDataError = (message: string, problems: JsonProblem[]) =>
  new MatchDataError(message, problems);

/**
 * A loader for one data file that reads the default file once per process and any other file (tests, a
 * configured override) each time it is asked.
 */
export function cachedForDefault<T>(defaultFile: string, load: (file: string) => T): (file?: string) => T {
  let cached: T | undefined;
  return (file = defaultFile) => (file === defaultFile ? (cached ??= load(file)) : load(file));
}
