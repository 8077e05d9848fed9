import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { createMatcher } from '../../match/engine.js';
import { loadMatchRules } from '../../match/matchRules.js';
import { buildTextIndex, loadVocabulary, type Mention } from '../../match/text/index.js';
import type { Hit, Listing, Right } from '../../model/index.js';
import { loadWatchListFile } from '../../rights/watchListFile.js';
import { REAL_TITLES_DIR, type RealTitle } from './realTitlesExtract.js';

/*
 * The real-title regression (issue 13): every listing title of the real captured search pages, matched with
 * a watch list of brands that occur in them. Real titles carry no price and the seller is unknown, so only
 * text can flag. Expected: the hand-reviewed flags (expected-flags.json) and nothing else; every
 * hand-reviewed brand mention (expected-mentions.jsonl) found. Used by tests/match/realTitles.test.ts and
 * by `npm run eval:real`.
 */

const TitleSchema = z
  .object({ id: z.string(), site: z.string(), file: z.string(), url: z.string(), title: z.string() })
  .strict();

const MentionSchema = z
  .object({
    id: z.string(),
    rightId: z.string(),
    /** The brand as written in the title, at `span` ([start, end) UTF-16 units). */
    text: z.string().min(1),
    span: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
    note: z.string().optional(),
  })
  .strict();
export type ExpectedMention = z.infer<typeof MentionSchema>;

const FlagsSchema = z
  .object({
    note: z.string().optional(),
    /** Title-only leads an officer could defend: each with its reason. */
    flags: z.array(z.object({ id: z.string(), rightId: z.string(), reason: z.string().min(1) }).strict()),
    /** Titles considered as leads and rejected, with why (documentation; not asserted). */
    rejected: z
      .array(z.object({ id: z.string(), rightId: z.string(), why: z.string().min(1) }).strict())
      .default([]),
  })
  .strict();
export type ExpectedFlags = z.infer<typeof FlagsSchema>;

/** Fixed capture time: the registrations in the watch list are in force then. */
export const CAPTURED_AT = '2026-12-01T12:00:00+08:00';
const UNKNOWN_SELLER = { id: 'unknown-seller', name: 'unknown seller' };

function jsonLines<T>(file: string, schema: z.ZodType<T>): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      const parsed = schema.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

export interface RealTitleSet {
  titles: RealTitle[];
  rights: Right[];
  mentions: ExpectedMention[];
  flags: ExpectedFlags;
}

export function loadRealTitleSet(dir: string = REAL_TITLES_DIR): RealTitleSet {
  return {
    titles: jsonLines(join(dir, 'titles.jsonl'), TitleSchema),
    rights: loadWatchListFile(join(dir, 'watchlist.json')),
    mentions: jsonLines(join(dir, 'expected-mentions.jsonl'), MentionSchema),
    flags: FlagsSchema.parse(JSON.parse(readFileSync(join(dir, 'expected-flags.json'), 'utf8'))),
  };
}

/** A listing as a search page gives it: title and URL only; unknown seller, no price, no category. */
export function titleListing(t: RealTitle): Listing {
  return {
    id: t.id,
    platform: t.site,
    url: t.url,
    title: t.title,
    seller: UNKNOWN_SELLER,
    capturedAt: CAPTURED_AT,
  };
}

export interface FlagReport {
  title: RealTitle;
  hit: Hit;
}

export interface MissedMention {
  expected: ExpectedMention;
  title: string;
  /** What the scan found of that right in the title instead (glued, other span), if anything. */
  seen: Mention[];
}

export interface RealTitleResult {
  titles: number;
  flags: FlagReport[];
  unexpectedFlags: FlagReport[];
  missingFlags: ExpectedFlags['flags'];
  expectedMentions: number;
  missedMentions: MissedMention[];
}

const overlaps = (a: readonly [number, number], b: readonly [number, number]) => a[0] < b[1] && b[0] < a[1];

/** Runs the matcher and the text index over every title and compares with the expectations. */
export function runRealTitles(set: RealTitleSet): RealTitleResult {
  const rules = loadMatchRules();
  const matcher = createMatcher(set.rights, { rules });
  const index = buildTextIndex(
    set.rights.filter((r) => r.kind !== 'patent'),
    loadVocabulary(),
    { shortMarkLength: rules.weights.thresholds.shortMarkLength },
  );
  const expectedFlag = new Set(set.flags.flags.map((f) => `${f.id}\t${f.rightId}`));
  const mentionsById = new Map<string, ExpectedMention[]>();
  for (const m of set.mentions) mentionsById.set(m.id, [...(mentionsById.get(m.id) ?? []), m]);
  const flags: FlagReport[] = [];
  const seenFlag = new Set<string>();
  const missedMentions: MissedMention[] = [];

  for (const title of set.titles) {
    const hits = matcher.match(titleListing(title));
    for (const hit of hits.filter((h) => h.flagged)) {
      flags.push({ title, hit });
      seenFlag.add(`${title.id}\t${hit.rightId ?? ''}`);
    }
    const expected = mentionsById.get(title.id);
    if (!expected) continue;
    const scanned = index.scan({ title: title.title }).mentions;
    for (const e of expected) {
      const ofRight = scanned.filter((m) => m.rightId === e.rightId && m.field === 'title');
      const found =
        ofRight.some((m) => !m.insideWord && overlaps(m.span, e.span)) ||
        hits.some(
          (h) =>
            h.rightId === e.rightId &&
            h.rules.some(
              (r) => r.rule.startsWith('mark.') && r.field === 'title' && r.span && overlaps(r.span, e.span),
            ),
        );
      if (!found) missedMentions.push({ expected: e, title: title.title, seen: ofRight });
    }
  }
  return {
    titles: set.titles.length,
    flags,
    unexpectedFlags: flags.filter((f) => !expectedFlag.has(`${f.title.id}\t${f.hit.rightId ?? ''}`)),
    missingFlags: set.flags.flags.filter((f) => !seenFlag.has(`${f.id}\t${f.rightId}`)),
    expectedMentions: set.mentions.length,
    missedMentions,
  };
}

/** One line per flag: listing, right, reason, tier (when hits carry one), then every rule with span and text. */
export function describeFlag({ title, hit }: FlagReport): string {
  const tier = 'tier' in hit ? ` tier=${String((hit as Record<string, unknown>).tier)}` : '';
  const rules = hit.rules
    .map(
      (r) =>
        `${r.rule}${r.span ? `[${r.span[0]},${r.span[1]})` : ''}${r.text ? `"${r.text}"` : ''} ${r.weight}`,
    )
    .join('; ');
  return `${title.id} ${hit.rightId ?? '-'} ${hit.reason}${tier} score=${hit.score} | ${rules} | ${title.title}`;
}

export function describeMissed({ expected: e, title, seen }: MissedMention): string {
  const other = seen.map((m) => `"${m.text}"[${m.span[0]},${m.span[1]})${m.insideWord ? ' insideWord' : ''}`);
  return (
    `${e.id} ${e.rightId} "${e.text}"[${e.span[0]},${e.span[1]})` +
    `${other.length ? ` (scan saw: ${other.join(', ')})` : ' (scan saw nothing)'} | ${title}`
  );
}
