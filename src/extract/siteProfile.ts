import * as cheerio from 'cheerio';
import { z } from 'zod';
import { MarkwatchError } from '../common/errors.js';
import { parseJson, type JsonProblem } from '../common/jsonFile.js';
import { isValidJsonPath } from './jsonPath.js';

/*
 * The site-profile format: one JSON file per platform under rules/sites/. Adding a platform means adding a
 * profile; everything a page needs (selectors, JSON paths, regular expressions, render steps, politeness)
 * is declared here and validated before a crawl starts, so a typo is reported with the file and the field.
 */

// One empty document to test selectors against: cheerio throws on a selector it cannot parse.
const probe = cheerio.load('<html><body></body></html>');

const selector = z
  .string()
  .min(1)
  .superRefine((sel, ctx) => {
    try {
      probe('body').find(sel);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `invalid CSS selector "${sel}": ${(err as Error).message}` });
    }
  });

const regexSource = z
  .string()
  .min(1)
  .superRefine((src, ctx) => {
    try {
      new RegExp(src, 'u');
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `invalid regular expression: ${(err as Error).message}` });
    }
  });

const jsonPath = z.string().refine(isValidJsonPath, {
  message: 'invalid JSON path (use a.b[0].c — dot names and [index] only)',
});

const oneOrMany = <T extends z.ZodType>(schema: T) => z.union([schema, z.array(schema).min(1)]);

/** How a raw string is turned into a value. */
export const PARSE_KINDS = ['text', 'number', 'integer', 'price', 'sales'] as const;
export type ParseKind = (typeof PARSE_KINDS)[number];

/**
 * One way to read a value. The source is, in order of precedence: `const`; `css` (the element's text, or
 * `attr`) inside the current scope; `jsonPath` into the current JSON scope (the item object or the page's
 * embedded state); otherwise the scope's HTML (`from: "html"`, default) or the page URL (`from: "url"`).
 * `regex` then keeps its first capture group (or the whole match); `parse` converts the result.
 */
export const FieldRuleSchema = z
  .object({
    const: z.string().optional(),
    css: oneOrMany(selector).optional(),
    attr: z.string().min(1).optional(),
    /** Descendants left out of the text (e.g. a "SPONSORED" tag inside the title element). */
    exclude: selector.optional(),
    /** Read every matching element (images, breadcrumbs) instead of the first. */
    all: z.boolean().optional(),
    /** With `all` and a text result: the separator (default " / "). */
    join: z.string().optional(),
    jsonPath: jsonPath.optional(),
    from: z.enum(['html', 'url']).optional(),
    /** The value is an HTML fragment (e.g. a JSON title with <em> highlights): use its visible text. */
    html: z.boolean().optional(),
    regex: regexSource.optional(),
    /** Regular-expression flags besides the always-on `u`, e.g. "i" or "s". */
    flags: z
      .string()
      .regex(/^[imsy]*$/, 'only the flags i, m, s and y are allowed')
      .optional(),
    parse: z.enum(PARSE_KINDS).optional(),
    /** Resolve the value as a URL against the page URL. */
    url: z.boolean().optional(),
  })
  .strict()
  .superRefine((rule, ctx) => {
    if (rule.const === undefined && !rule.css && !rule.jsonPath && !rule.regex && rule.from !== 'url') {
      ctx.addIssue({ code: 'custom', message: 'a field rule needs one of css, jsonPath, regex or const' });
    }
    if (rule.css && rule.jsonPath) {
      ctx.addIssue({ code: 'custom', path: ['jsonPath'], message: 'use either css or jsonPath, not both' });
    }
    if (rule.attr && !rule.css) {
      ctx.addIssue({ code: 'custom', path: ['attr'], message: 'attr needs css' });
    }
  });
export type FieldRule = z.infer<typeof FieldRuleSchema>;

/** A field: one rule, or alternatives tried in order until one yields a non-empty value. */
export const FieldSpecSchema = oneOrMany(FieldRuleSchema);
export type FieldSpec = z.infer<typeof FieldSpecSchema>;

/**
 * Embedded script state, e.g. `g_page_config = {...};` or `<script id="__NEXT_DATA__">{...}</script>`.
 * The JSON text is cut out by brace matching and parsed with JSON.parse — never evaluated.
 */
export const StateSpecSchema = z
  .object({
    /** Assigned variable name, e.g. `g_page_config` or `window.__INITIAL_STATE__`. */
    variable: z
      .string()
      .regex(/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/, 'a JavaScript variable name such as g_page_config')
      .optional(),
    /** A script element whose whole text is JSON. */
    selector: selector.optional(),
  })
  .strict()
  .refine((s) => Boolean(s.variable) !== Boolean(s.selector), {
    message: 'give exactly one of variable or selector',
  });
export type StateSpec = z.infer<typeof StateSpecSchema>;

/** Where the result items of a search page are and what each one carries. */
export const SearchItemsSchema = z
  .object({
    /** Item containers; alternatives are tried in order, the first that matches anything wins. */
    css: oneOrMany(selector).optional(),
    /** An array inside the page's embedded state (needs `search.state`). */
    jsonPath: jsonPath.optional(),
    /** The item link, relative to the item (resolved against the page URL). */
    link: FieldSpecSchema,
    title: FieldSpecSchema.optional(),
    itemId: FieldSpecSchema.optional(),
    price: FieldSpecSchema.optional(),
    /** Items matching this selector are skipped (ads, placeholders). */
    exclude: selector.optional(),
  })
  .strict()
  .superRefine((items, ctx) => {
    if (Boolean(items.css) === Boolean(items.jsonPath)) {
      ctx.addIssue({ code: 'custom', message: 'give exactly one of css or jsonPath for the item list' });
    }
  });
export type SearchItems = z.infer<typeof SearchItemsSchema>;

export const PaginationSchema = z
  .object({
    /** Query parameter carrying the page number (what `{page}` fills in the template). */
    param: z.string().min(1).optional(),
    firstPage: z.number().int().nonnegative().default(1),
    step: z.number().int().positive().default(1),
    /** The next-page link; when given, a page without it is the last page. */
    next: FieldSpecSchema.optional(),
    /** Present while more results exist (e.g. a rendered "load more" button); absent = last page. */
    hasMore: oneOrMany(selector).optional(),
    maxPages: z.number().int().positive().max(1000).default(20),
  })
  .strict()
  .refine((p) => p.param !== undefined || p.next !== undefined, {
    message: 'give param (page number parameter) or next (next-page link), or both',
  });

export const SearchSchema = z
  .object({
    /** E.g. `{base}/search?q={q}&page={page}`; `{base}` is the profile's (or the run's) base URL. */
    urlTemplate: z
      .string()
      .min(1)
      .refine((t) => t.includes('{q}'), { message: 'the search URL template must contain {q}' }),
    /** Encoding of the keyword in the URL (old JD took GBK). */
    queryCharset: z.enum(['utf-8', 'gbk', 'gb18030']).default('utf-8'),
    state: StateSpecSchema.optional(),
    /** Alternatives for markup generations; the first whose container matches is used. */
    items: oneOrMany(SearchItemsSchema),
    pagination: PaginationSchema,
    /** Present on a page that says "no results" — an empty page, not an extraction failure. */
    noResults: oneOrMany(selector).optional(),
  })
  .strict();

export const ItemFieldsSchema = z
  .object({
    id: FieldSpecSchema.optional(),
    title: FieldSpecSchema,
    description: FieldSpecSchema.optional(),
    category: FieldSpecSchema.optional(),
    price: FieldSpecSchema.optional(),
    sales: FieldSpecSchema.optional(),
    images: FieldSpecSchema.optional(),
    sellerId: FieldSpecSchema.optional(),
    sellerName: FieldSpecSchema.optional(),
    sellerLocation: FieldSpecSchema.optional(),
    sellerCreditCode: FieldSpecSchema.optional(),
  })
  .strict();

export const ItemSchema = z
  .object({
    state: StateSpecSchema.optional(),
    /** Present on the page of a taken-down (下架) listing; extractItemPage then throws ListingOfflineError. */
    offline: oneOrMany(selector).optional(),
    fields: ItemFieldsSchema,
  })
  .strict();

/** A browser step, run in order after navigation. */
export const RenderActionSchema = z.union([
  z.object({ waitFor: selector, timeoutMs: z.number().int().positive().optional() }).strict(),
  z
    .object({
      /** Click this (a "load more" button) until it disappears or `times` clicks were made. */
      click: selector,
      times: z.number().int().positive().max(100).default(1),
      /** After each click, wait until the count of these elements grows. */
      growth: selector.optional(),
    })
    .strict(),
  z
    .object({
      /** Scroll to the bottom until the count of `growth` elements stops growing. */
      scrollToBottom: z.literal(true),
      growth: selector.optional(),
      maxRounds: z.number().int().positive().max(200).default(20),
    })
    .strict(),
]);
export type RenderAction = z.infer<typeof RenderActionSchema>;

export const RenderSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('http') }).strict(),
  z
    .object({
      mode: z.literal('browser'),
      /** Applied to every step that waits. */
      timeoutMs: z.number().int().positive().default(15_000),
      search: z.array(RenderActionSchema).default([]),
      item: z.array(RenderActionSchema).default([]),
    })
    .strict(),
]);

export const RateLimitSchema = z
  .object({
    minDelayMs: z.number().int().nonnegative().default(1000),
    concurrency: z.number().int().positive().default(2),
    tokenBucket: z
      .object({
        capacity: z.number().int().positive(),
        refillPerSecond: z.number().positive(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const RobotsSchema = z
  .object({
    respect: z.boolean().default(true),
    userAgent: z.string().min(1).default('markwatch'),
  })
  .strict();

/** How a block or captcha page is recognised (besides the status codes). */
export const BlockSchema = z
  .object({
    statusCodes: z.array(z.number().int().min(100).max(599)).default([401, 403, 429]),
    selectors: z.array(selector).default([]),
    /** Regular expressions tested against the page text. */
    text: z.array(regexSource).default([]),
  })
  .strict();

export const CanonicalSchema = z
  .object({
    /** Query parameters dropped from URLs (tracking); `*` at the end matches a prefix, e.g. `utm_*`. */
    dropParams: z.array(z.string().min(1)).default([]),
    /** When given, only these query parameters are kept. */
    keepParams: z.array(z.string().min(1)).optional(),
  })
  .strict();

export const SiteProfileSchema = z
  .object({
    /** Platform id; equals the file name without `.json`. */
    platform: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'lower-case letters, digits, - and _'),
    name: z.string().min(1).optional(),
    /** Where the profile comes from / what it was written against. */
    source: z.string().optional(),
    hosts: z.array(z.string().min(1)).min(1),
    /** Default base URL filled into `{base}`; a run may override it (e.g. the sample marketplace). */
    baseUrl: z.url().optional(),
    charset: z.string().min(1).default('auto'),
    render: RenderSchema.default({ mode: 'http' }),
    search: SearchSchema,
    item: ItemSchema.optional(),
    /** Regular expressions with one capture group that read the platform's item id from an item URL. */
    itemId: z.object({ fromUrl: oneOrMany(regexSource) }).strict(),
    canonical: CanonicalSchema.default({ dropParams: [] }),
    rateLimit: RateLimitSchema.default({ minDelayMs: 1000, concurrency: 2 }),
    robots: RobotsSchema.default({ respect: true, userAgent: 'markwatch' }),
    block: BlockSchema.optional(),
  })
  .strict();
export type SiteProfile = z.infer<typeof SiteProfileSchema>;
export type SiteProfileInput = z.input<typeof SiteProfileSchema>;

/** A site profile that cannot be used; the message names the file and every bad field. */
export class SiteProfileError extends MarkwatchError {
  constructor(
    message: string,
    readonly file: string,
    /** The first bad field (`search.items.jsonPath`), when a field is to blame. */
    readonly field?: string,
    readonly problems: readonly JsonProblem[] = [],
  ) {
    super('extract.profile', message);
  }
}

/** How site-profile problems are thrown (loadSiteProfiles uses it for file-level problems too). */
export function siteProfileError(file: string) {
  return (message: string, problems: JsonProblem[]) =>
    new SiteProfileError(message, file, problems.find((p) => p.field)?.field, problems);
}

/** Validates a parsed profile; `file` is only used in messages (`rules/sites/x.json: field "a.b": …`). */
export function parseSiteProfile(raw: unknown, file: string): SiteProfile {
  return parseJson(raw, SiteProfileSchema, { file }, { error: siteProfileError(file) });
}
