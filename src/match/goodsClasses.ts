import type { GoodsClassesFile, GoodsGroup } from './matchRules.js';

/*
 * The category gate: what goods a listing sells, and so which Nice classes it falls in, from the platform's
 * category path (authoritative when it names a group) or else the title's goods keywords.
 */

export interface GoodsEvidence {
  group: GoodsGroup;
  field: 'category' | 'title';
  span: [number, number];
  text: string;
}

export interface GoodsReading {
  groups: GoodsGroup[];
  classes: ReadonlySet<number>;
  source: 'category' | 'title' | 'none';
  evidence: GoodsEvidence[];
}

interface Term {
  text: string;
  group: GoodsGroup;
  latin: boolean;
}

type TermTable = Map<string, Term[]>;

const LATIN = /[a-z0-9]/i;
const PATH_CACHE_SIZE = 10_000;
const PATH_SEPARATORS = /\s*(?:[/>»|，,]|&gt;)\s*/g;

function buildTable(groups: readonly GoodsGroup[], pick: (g: GoodsGroup) => string[]): TermTable {
  const table: TermTable = new Map();
  for (const group of groups) {
    for (const raw of pick(group)) {
      const text = raw.toLowerCase();
      const first = text[0] ?? '';
      const list = table.get(first) ?? [];
      list.push({ text, group, latin: LATIN.test(text) });
      table.set(first, list);
    }
  }
  for (const list of table.values()) list.sort((a, b) => b.text.length - a.text.length);
  return table;
}

/** Longest term at each position, left to right; Latin terms must stand as words. */
function findTerms(
  table: TermTable,
  text: string,
  skip: (span: [number, number]) => boolean,
): { term: Term; span: [number, number] }[] {
  const lower = text.toLowerCase();
  const found: { term: Term; span: [number, number] }[] = [];
  let i = 0;
  while (i < lower.length) {
    const candidates = table.get(lower[i] ?? '');
    let matched: Term | undefined;
    for (const term of candidates ?? []) {
      if (!lower.startsWith(term.text, i)) continue;
      const end = i + term.text.length;
      if (term.latin && (LATIN.test(lower[i - 1] ?? '') || LATIN.test(lower[end] ?? ''))) continue;
      matched = term;
      break;
    }
    if (!matched) {
      i++;
      continue;
    }
    const span: [number, number] = [i, i + matched.text.length];
    if (!skip(span)) found.push({ term: matched, span });
    i = span[1];
  }
  return found;
}

export class GoodsClassifier {
  private readonly pathTable: TermTable;
  private readonly keywordTable: TermTable;
  private readonly byName = new Map<string, GoodsGroup[]>();
  private readonly pathCache = new Map<string, GoodsEvidence[]>();

  constructor(file: GoodsClassesFile) {
    this.pathTable = buildTable(file.groups, (g) => g.pathTerms);
    this.keywordTable = buildTable(file.groups, (g) => g.keywords);
    for (const group of file.groups) {
      for (const name of [group.name, ...group.aliases]) {
        const list = this.byName.get(name) ?? [];
        list.push(group);
        this.byName.set(name, list);
      }
    }
  }

  /** The groups a goods name stands for (a GI's `category`, a word of a mark's `goods`). */
  groupsNamed(name: string): GoodsGroup[] {
    const exact = this.byName.get(name.trim());
    if (exact) return exact;
    const found = findTerms(this.keywordTable, name, () => false).map((f) => f.term.group);
    return [...new Set(found)].filter((g) => g.classes.length > 0);
  }

  /**
   * Reads the listing's goods. `skipTitleSpan` hides title text that must not count as a goods word (the
   * watched mark itself: 苹果 the mark is not 苹果 the fruit).
   */
  classify(
    listing: { category?: string | undefined; title: string },
    skipTitleSpan: (span: [number, number]) => boolean = () => false,
  ): GoodsReading {
    const fromPath = listing.category ? this.pathEvidence(listing.category) : [];
    if (fromPath.length > 0) return reading(fromPath, 'category');
    const fromTitle = findTerms(this.keywordTable, listing.title, skipTitleSpan).map((f): GoodsEvidence => ({
      group: f.term.group,
      field: 'title',
      span: f.span,
      text: listing.title.slice(f.span[0], f.span[1]),
    }));
    return reading(fromTitle, fromTitle.length > 0 ? 'title' : 'none');
  }

  /** Category paths repeat across listings: their reading is remembered (bounded). */
  private pathEvidence(path: string): GoodsEvidence[] {
    let evidence = this.pathCache.get(path);
    if (!evidence) {
      if (this.pathCache.size >= PATH_CACHE_SIZE) this.pathCache.clear();
      evidence = this.fromCategoryPath(path);
      this.pathCache.set(path, evidence);
    }
    return evidence;
  }

  private fromCategoryPath(path: string): GoodsEvidence[] {
    const segments: { text: string; start: number }[] = [];
    let last = 0;
    for (const sep of path.matchAll(PATH_SEPARATORS)) {
      segments.push({ text: path.slice(last, sep.index), start: last });
      last = sep.index + sep[0].length;
    }
    segments.push({ text: path.slice(last), start: last });
    // Deepest segment first; a segment is read by the path terms, then by the goods keywords (车载支架).
    for (const segment of segments.reverse()) {
      let found = findTerms(this.pathTable, segment.text, () => false);
      if (found.length === 0) found = findTerms(this.keywordTable, segment.text, () => false);
      found = found.filter((f) => f.term.group.classes.length > 0);
      if (found.length === 0) continue;
      return found.map((f) => ({
        group: f.term.group,
        field: 'category',
        span: [segment.start + f.span[0], segment.start + f.span[1]],
        text: path.slice(segment.start + f.span[0], segment.start + f.span[1]),
      }));
    }
    return [];
  }
}

/** A reading from goods evidence (meaningful groups only). */
export function reading(evidence: GoodsEvidence[], source: GoodsReading['source']): GoodsReading {
  const meaningful = evidence.filter((e) => e.group.classes.length > 0);
  const groups = [...new Set(meaningful.map((e) => e.group))];
  const classes = new Set(groups.flatMap((g) => g.classes));
  return { groups, classes, source: groups.length > 0 ? source : 'none', evidence: meaningful };
}
