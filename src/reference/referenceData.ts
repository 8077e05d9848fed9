import type { z } from 'zod';
import { MarkwatchError } from '../common/errors.js';
import { parseJsonFile, readJsonFile, type JsonProblem } from '../common/jsonFile.js';
import { packagePath } from '../common/packageRoot.js';

/*
 * Reference data files under data/reference/ (legal tables, catalogues, periods). Each carries `source` and
 * `effectiveDate` so an officer can see where a value comes from.
 */

export const REFERENCE_DIR = packagePath('data', 'reference') + '/';

export class ReferenceDataError extends MarkwatchError {
  constructor(
    message: string,
    readonly problems: readonly JsonProblem[] = [],
  ) {
    super('reference.invalid', message);
  }
}

const error = (message: string, problems: JsonProblem[]) => new ReferenceDataError(message, problems);

/** Parsed JSON of data/reference/<name>; a missing or broken file is an error naming it. */
export function readReferenceJson(name: string, dir: string = REFERENCE_DIR): unknown {
  return readJsonFile(`${dir}${name}`, { error });
}

/** Parses with a schema; the error names the file and every bad field. */
export function parseReference<T>(name: string, schema: z.ZodType<T>, dir: string = REFERENCE_DIR): T {
  return parseJsonFile(`${dir}${name}`, schema, { error });
}
