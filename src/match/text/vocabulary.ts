import { z } from 'zod';
import { parseJsonFile } from '../../common/jsonFile.js';
import { CONTAINING_WORDS_FILE, matchDataError, VOCABULARY_FILE } from './dataFiles.js';

/*
 * rules/match/vocabulary.json (counterfeit, hedging, official-claim, compatibility, patent, GI and guard words,
 * each group with a weight) and rules/match/containing-words.json (longer unrelated words that contain a mark).
 * Both carry `source` and `effectiveDate`.
 */

/** Placeholder for the mark in pattern terms: `{mark}风`, `类{mark}`. */
export const MARK_PLACEHOLDER = '{mark}';
/** Placeholder at the end of an `except` word for a model number that follows it: `高版本{model}` (高版本132a). */
export const MODEL_PLACEHOLDER = '{model}';

const header = { source: z.string().min(1), effectiveDate: z.string().min(1), notes: z.string().optional() };

export const VocabularyFileSchema = z
  .object({
    ...header,
    groups: z.record(
      z.string().regex(/^[a-z_]+$/, 'group names are snake_case'),
      z
        .object({
          label: z.string().optional(),
          weight: z.number(),
          terms: z.array(
            z
              .string()
              .min(1)
              .refine((t) => t.split(MARK_PLACEHOLDER).length <= 2, 'at most one {mark} per term'),
          ),
          /**
           * Longer words that cancel a hit of this group where the text continues as one of them: {mark}风衣
           * (a windbreaker) is not the hedge {mark}风. Applied by the policy (src/match/listingContext.ts).
           */
          except: z.array(z.string().min(1)).optional(),
          /**
           * Dictionary words that a `{mark}` term's suffix begins and that still carry the term: {mark}风格 is
           * the hedge {mark}风 spelled out. Any other word the suffix begins cancels the term (风衣, 风扇).
           */
          affixWords: z.array(z.string().min(1)).optional(),
        })
        .strict(),
    ),
  })
  .strict();
export type Vocabulary = z.infer<typeof VocabularyFileSchema>;

export const ContainingWordsFileSchema = z.object({ ...header, words: z.array(z.string().min(2)) }).strict();

export function loadVocabulary(file: string = VOCABULARY_FILE): Vocabulary {
  return parseJsonFile(file, VocabularyFileSchema, { error: matchDataError });
}

export function loadContainingWords(file: string = CONTAINING_WORDS_FILE): string[] {
  return parseJsonFile(file, ContainingWordsFileSchema, { error: matchDataError }).words;
}
