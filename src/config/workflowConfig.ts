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
    office: z
      .object({
        name: z.string().min(1).default('市场监督管理局（示例）'),
        /** The office's own area (GB/T 2260 code prefix, e.g. "33" or "3301"); leads elsewhere are 通报. */
        regionCode: z.string().regex(/^\d{2,6}$/, '区划代码前缀应为 2–6 位数字').default('33'),
        contact: z.string().optional(),
      })
      .strict()
      .prefault({}),
    noticeChannels: z.record(z.string(), NoticeChannelSchema).default({}),
    /** Where documents for manual submission are written, relative to the data directory. */
    noticeDir: z.string().min(1).default('notices'),
  })
  .strict();
export type WorkflowConfig = z.infer<typeof WorkflowConfigSchema>;
