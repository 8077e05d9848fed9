import { z } from 'zod';

/*
 * The enforcement office and how notices reach each platform (issue 14). A platform without an entry gets
 * the default: the sample marketplace's platforms use their notice API, every other platform a document for
 * manual submission.
 */

const NoticeChannelSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('api'),
      /** The notice API; default for the sample platforms: the site's base URL + /api/notices. */
      url: z.url().optional(),
    })
    .strict(),
  z.object({ kind: z.literal('document') }).strict(),
]);

export const WorkflowConfigSchema = z
  .object({
    /**
     * The enforcement office and its area (GB/T 2260 code: 330100 = 杭州市); leads of sellers elsewhere go to
     * 线索通报. Default: the office in rules/leads/jurisdiction.json.
     */
    office: z
      .object({
        name: z.string().min(1),
        regionCode: z.string().regex(/^\d{6}$/, 'GB/T 2260 区划代码应为 6 位数字'),
        contact: z.string().optional(),
      })
      .strict()
      .optional(),
    noticeChannels: z.record(z.string(), NoticeChannelSchema).default({}),
    /** Where documents for manual submission are written, relative to the data directory. */
    noticeDir: z.string().min(1).default('notices'),
  })
  .strict();
export type WorkflowConfig = z.infer<typeof WorkflowConfigSchema>;
