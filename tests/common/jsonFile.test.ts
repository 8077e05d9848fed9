import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  formatProblem,
  JsonFileError,
  parseJsonFile,
  readJsonLines,
  type JsonLine,
} from '../../src/common/jsonFile.js';
import { MarkwatchError } from '../../src/common/errors.js';
import { useTempDir } from '../helpers/tempDir.js';

const tempDir = useTempDir();

const Doc = z.object({ rights: z.array(z.object({ id: z.string(), name: z.string() }).strict()) }).strict();
const Row = z.object({ id: z.string(), price: z.number() }).strict();

function file(name: string, text: string): string {
  const path = join(tempDir(), name);
  writeFileSync(path, text);
  return path;
}

function errorOf(run: () => unknown): JsonFileError {
  try {
    run();
  } catch (err) {
    if (err instanceof JsonFileError) return err;
    throw err;
  }
  throw new Error('expected a JsonFileError');
}

describe('parseJsonFile', () => {
  it('returns the parsed value (a leading BOM is ignored)', () => {
    const path = file('x.json', '\uFEFF{"rights": [{"id": "a", "name": "耐克"}]}');
    expect(parseJsonFile(path, Doc).rights[0]?.name).toBe('耐克');
  });

  it('reports every problem, each naming the file and the field path', () => {
    const path = file(
      'x.json',
      JSON.stringify({ rights: [{ id: 'a', name: 'ok' }, { id: 'b' }, { id: 3, name: 'x', colour: 1 }] }),
    );
    const err = errorOf(() => parseJsonFile(path, Doc, { name: 'data/x.json' }));
    expect(err).toBeInstanceOf(MarkwatchError);
    expect(err.code).toBe('input.invalid');
    expect(err.problems.map(formatProblem)).toEqual([
      expect.stringMatching(/^data\/x\.json: field "rights\[1\]\.name": /),
      expect.stringMatching(/^data\/x\.json: field "rights\[2\]\.id": /),
      'data/x.json: field "rights[2].colour": unknown field',
    ]);
    expect(err.message.split('\n')).toHaveLength(3);
  });

  it('counts the problems beyond the listed ones', () => {
    const rights = Array.from({ length: 5 }, () => ({ id: 'a' }));
    const err = errorOf(() =>
      parseJsonFile(file('x.json', JSON.stringify({ rights })), Doc, { maxListed: 2 }),
    );
    expect(err.problems).toHaveLength(5);
    expect(err.message.split('\n')).toEqual([
      expect.stringMatching(/rights\[0\]\.name/),
      expect.stringMatching(/rights\[1\]\.name/),
      '… and 3 more problems',
    ]);
  });

  it('names the file when it is missing or not JSON, and uses the caller’s error class', () => {
    class MyError extends MarkwatchError {
      constructor(message: string) {
        super('my.error', message);
      }
    }
    const error = (message: string) => new MyError(message);
    expect(() => parseJsonFile(join(tempDir(), 'none.json'), Doc, { error })).toThrow(
      /none\.json: cannot read: ENOENT/,
    );
    expect(() => parseJsonFile(file('b.json', '{"rights": ['), Doc, { error })).toThrow(MyError);
    expect(() => parseJsonFile(file('b.json', '{"rights": ['), Doc, { error })).toThrow(
      /b\.json: not valid JSON: /,
    );
  });
});

describe('readJsonLines', () => {
  it('yields every line, the bad ones with their line number, field and subject', async () => {
    const path = file(
      'listings.jsonl',
      ['{"id": "a", "price": 1}', '', '{"id": "b", "price": "x"}', '{"id":', '{"id": "d", "price": 2}'].join(
        '\n',
      ),
    );
    const lines: JsonLine<z.infer<typeof Row>>[] = [];
    const subject = (raw: unknown) => `listing "${String((raw as { id?: unknown }).id)}"`;
    for await (const line of readJsonLines(path, Row, { name: 'listings.jsonl', subject })) lines.push(line);
    expect(lines.map((l) => [l.line, l.ok])).toEqual([
      [1, true],
      [3, false],
      [4, false],
      [5, true],
    ]);
    const problems = lines.flatMap((l) => (l.ok ? [] : l.problems.map(formatProblem)));
    expect(problems[0]).toMatch(/^listings\.jsonl:3: field "price" \(listing "b"\): /);
    expect(problems[1]).toMatch(/^listings\.jsonl:4: not valid JSON: /);
  });

  it('an unreadable file throws naming it', async () => {
    const read = async () => {
      for await (const _ of readJsonLines(join(tempDir(), 'none.jsonl'), Row)) void _;
    };
    await expect(read()).rejects.toThrow(/none\.jsonl: cannot read: /);
  });
});
