import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { z } from 'zod';
import { MarkwatchError } from './errors.js';

/*
 * The one read-JSON → schema → message step. Every data, rules and input file is read through here, so every
 * problem reads the same way:
 *
 *   data/x.json: field "rights[3].name": Required
 *   listings.jsonl:12: field "price" (listing "a2"): expected number
 *   markwatch.config.json: not valid JSON: Unexpected end of JSON input
 *
 * A document's problems are all reported, not just the first: a user fixing a file should see every mistake
 * in one go.
 */

/** One problem of a JSON document (or of one JSONL line). */
export interface JsonProblem {
  file: string;
  /** 1-based line of a JSONL file; absent for a whole-file document. */
  line?: number;
  /** Field path, `rights[3].name`; '' when the problem concerns the whole document or line. */
  field: string;
  message: string;
  /** Which record the field belongs to, when the caller can tell: `right "tm-nike"`. */
  subject?: string;
}

/** Builds the error a caller throws; each caller keeps its own class (and stable code). */
export type JsonErrorFactory = (message: string, problems: JsonProblem[]) => Error;

/** The default error of this module, for callers without a class of their own. */
export class JsonFileError extends MarkwatchError {
  constructor(
    message: string,
    readonly problems: readonly JsonProblem[] = [],
  ) {
    super('input.invalid', message);
  }
}

export interface JsonFileOptions {
  /** Name used in messages instead of the path (e.g. relative to the working directory). */
  name?: string;
  error?: JsonErrorFactory;
  /** Names the record an issue concerns, e.g. `(raw, ['rights', 3, 'name']) => 'right "x"'`. */
  subject?: (raw: unknown, path: readonly PropertyKey[]) => string | undefined;
  /** Problems spelt out in the message; the rest are counted (all stay in `problems`). Default 20. */
  maxListed?: number;
}

const defaultError: JsonErrorFactory = (message, problems) => new JsonFileError(message, problems);

/** `a.b[0].c` from a schema path. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** `file[:line]: [field "path" [(subject)]: ]message`: the one message shape. */
export function formatProblem(p: JsonProblem): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}`;
  const about = [p.field ? `field "${p.field}"` : '', p.subject ? `(${p.subject})` : ''].filter(Boolean);
  return about.length > 0 ? `${where}: ${about.join(' ')}: ${p.message}` : `${where}: ${p.message}`;
}

/** Every problem on its own line, at most `maxListed` of them spelt out. */
export function formatProblems(problems: readonly JsonProblem[], maxListed = 20): string {
  const listed = problems.slice(0, maxListed).map(formatProblem);
  const rest = problems.length - listed.length;
  if (rest > 0) listed.push(`… and ${rest} more problem${rest === 1 ? '' : 's'}`);
  return listed.join('\n');
}

/** The most specific issue: a union failure hides the useful message inside the branch that got furthest. */
function deepestIssue(
  issue: z.core.$ZodIssue,
  base: readonly PropertyKey[] = [],
): { issue: z.core.$ZodIssue; path: PropertyKey[] } {
  const path = [...base, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    let best: { issue: z.core.$ZodIssue; path: PropertyKey[] } | null = null;
    for (const branch of issue.errors) {
      for (const inner of branch) {
        const found = deepestIssue(inner, path);
        if (!best || found.path.length > best.path.length) best = found;
      }
    }
    if (best) return best;
  }
  return { issue, path };
}

/** A schema error as problems: one per issue, and one per key of an unknown-keys issue. */
export function schemaProblems(
  error: z.ZodError,
  raw: unknown,
  where: { file: string; line?: number },
  subject?: JsonFileOptions['subject'],
): JsonProblem[] {
  const problems: JsonProblem[] = [];
  const add = (path: readonly PropertyKey[], message: string) => {
    const who = subject?.(raw, path);
    problems.push({ ...where, field: fieldPath(path), message, ...(who ? { subject: who } : {}) });
  };
  for (const top of error.issues) {
    const { issue, path } = deepestIssue(top);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) add([...path, key], 'unknown field');
    } else add(path, issue.message);
  }
  return problems;
}

/** Validates parsed JSON; the problems name `where` and each field. */
export function checkJson<T>(
  raw: unknown,
  schema: z.ZodType<T>,
  where: { file: string; line?: number },
  options: Pick<JsonFileOptions, 'subject'> = {},
): { ok: true; value: T } | { ok: false; problems: JsonProblem[] } {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, problems: schemaProblems(result.error, raw, where, options.subject) };
}

/** Throws the caller's error for these problems. */
export function failWith(problems: JsonProblem[], options: JsonFileOptions = {}): never {
  throw (options.error ?? defaultError)(formatProblems(problems, options.maxListed), problems);
}

/** Validates parsed JSON or throws one error listing every problem. */
export function parseJson<T>(
  raw: unknown,
  schema: z.ZodType<T>,
  where: { file: string; line?: number },
  options: JsonFileOptions = {},
): T {
  const checked = checkJson(raw, schema, where, options);
  if (checked.ok) return checked.value;
  return failWith(checked.problems, options);
}

/** The parsed JSON of a file (a leading BOM is ignored); an unreadable or broken file is an error naming it. */
export function readJsonFile(file: string, options: JsonFileOptions = {}): unknown {
  const name = options.name ?? file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return failWith([{ file: name, field: '', message: `cannot read: ${(err as Error).message}` }], options);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (err) {
    return failWith(
      [{ file: name, field: '', message: `not valid JSON: ${(err as Error).message}` }],
      options,
    );
  }
}

/** Reads a JSON file and validates it with `schema`; every problem names the file and the field. */
export function parseJsonFile<T>(file: string, schema: z.ZodType<T>, options: JsonFileOptions = {}): T {
  const raw = readJsonFile(file, options);
  return parseJson(raw, schema, { file: options.name ?? file }, options);
}

/** One non-blank line of a JSONL file: its value, or every problem it has. */
export type JsonLine<T> =
  { line: number; ok: true; value: T } | { line: number; ok: false; problems: JsonProblem[] };

/**
 * Every non-blank line of a JSONL file, validated, streaming. A bad line does not stop the read: it is yielded
 * with its problems, and the caller decides (skip, or stop). Only an unreadable file throws.
 */
export async function* readJsonLines<T>(
  file: string,
  schema: z.ZodType<T>,
  options: JsonFileOptions = {},
): AsyncGenerator<JsonLine<T>> {
  const name = options.name ?? file;
  const input = createReadStream(file, { encoding: 'utf8' });
  await new Promise<void>((resolve, reject) => {
    input.once('open', () => resolve());
    input.once('error', (err) => {
      try {
        failWith([{ file: name, field: '', message: `cannot read: ${err.message}` }], options);
      } catch (wrapped) {
        reject(wrapped as Error);
      }
    });
  });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line += 1;
      const trimmed = line === 1 ? text.replace(/^\uFEFF/, '') : text;
      if (trimmed.trim() === '') continue;
      let raw: unknown;
      try {
        raw = JSON.parse(trimmed);
      } catch (err) {
        const message = `not valid JSON: ${(err as Error).message}`;
        yield { line, ok: false, problems: [{ file: name, line, field: '', message }] };
        continue;
      }
      const checked = checkJson(raw, schema, { file: name, line }, options);
      yield checked.ok
        ? { line, ok: true, value: checked.value }
        : { line, ok: false, problems: checked.problems };
    }
  } finally {
    lines.close();
    input.destroy();
  }
}
