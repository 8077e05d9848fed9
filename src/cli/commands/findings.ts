import type { Command } from 'commander';
import { isOneOf } from '../../common/oneOf.js';
import {
  DISMISS_REASON_LABELS,
  DISMISS_REASONS,
  FINDING_REVIEW_LABELS,
  FINDING_REVIEWS,
  reasonLabel,
  TIERS,
  type Finding,
  type FindingReview,
  type Tier,
} from '../../model/index.js';
import { assessRiskFor } from '../../app/workflow.js';
import { alertDispatcher, highRiskAlerts, raiseAlerts } from '../../app/alerts.js';
import type { ConfirmResult } from '../../store/index.js';
import { confirmFinding, dismissFinding, parseDismissReason } from '../../workflow/review.js';
import { findingGroups } from '../../workflow/leadAnalysis.js';
import { formatTable } from '../table.js';
import { idArg, output, withWorkflow } from '../workflowContext.js';

/* markwatch findings list|confirm|dismiss|whitelist|unwhitelist: the staff's review of flagged listings. */

function oneOf<T extends string>(
  option: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined || isOneOf(allowed, value)) return value;
  throw new Error(`${option}: 未知取值 "${value}"，可选：${allowed.join(', ')} (unknown value)`);
}

function table(rows: Finding[]): string {
  return formatTable(
    ['编号', '平台', '卖家', '商品', '权利', '理由', '层级', '分值', '审核', '线索'],
    rows.map((f) => [
      f.id,
      f.platform,
      f.sellerName,
      f.title,
      f.rightId ?? '—',
      reasonLabel(f.reason),
      f.tier === 'lead' ? '线索' : f.tier === 'watch' ? '关注' : '—',
      f.score.toFixed(2),
      FINDING_REVIEW_LABELS[f.review] +
        (f.dismissReason ? `（${DISMISS_REASON_LABELS[f.dismissReason]}）` : ''),
      f.leadId ?? '—',
    ]),
  );
}

export function register(program: Command): void {
  const findings = program
    .command('findings')
    .description('发现：审核被标记的商品 (findings: review flagged listings)')
    .option('--as <actor>', '身份 (who acts): staff[:ID]; env MARKWATCH_AS');
  findings
    .command('list')
    .description('列出发现，线索层级在前、分值高者在前 (list findings)')
    .option('--review <review>', `审核状态: ${FINDING_REVIEWS.join(', ')}`)
    .option('--tier <tier>', `层级: ${TIERS.join(', ')}`)
    .option('--platform <platform>', '平台')
    .option('--right <id>', '权利编号')
    .option('--limit <n>', '最多条数', '200')
    .option('--json', '输出 JSON (print JSON)')
    .action(
      async (
        opts: {
          review?: string;
          tier?: string;
          platform?: string;
          right?: string;
          limit: string;
          json?: boolean;
        },
        command: Command,
      ) => {
        const review = oneOf<FindingReview>('--review', opts.review, FINDING_REVIEWS);
        const tier = oneOf<Tier>('--tier', opts.tier, TIERS);
        const limit = idArg('--limit', opts.limit);
        await withWorkflow(command, 'read', async ({ store }) => {
          const rows = await store.findings.list({
            review,
            tier,
            platform: opts.platform,
            rightId: opts.right,
            limit,
          });
          output(opts.json, rows, () =>
            rows.length ? table(rows) : '没有符合条件的发现 (no findings match)',
          );
        });
      },
    );
  findings
    .command('confirm <ids...>')
    .description('确认发现：开立或并入该卖家 × 权利的线索 (confirm findings)')
    .option('--json', '输出 JSON (print JSON)')
    .action(async (ids: string[], opts: { json?: boolean }, command: Command) => {
      const numbers = ids.map((id) => idArg('finding', id));
      await withWorkflow(command, 'write', async ({ deps, who, store, config }) => {
        const assess = assessRiskFor(deps);
        const results: ConfirmResult[] = [];
        for (const id of numbers) results.push(await confirmFinding(deps, id, who, assess));
        await raiseAlerts(
          alertDispatcher(store, config),
          await highRiskAlerts(deps, results, deps.now()),
          deps.now(),
        );
        output(opts.json, results, () =>
          results
            .map(
              (r) =>
                `发现 ${r.finding.id} 已确认 → 线索 ${r.lead.id}${r.opened ? '（新开立）' : '（并入）'} ${r.lead.sellerName} × ${r.lead.rightId ?? '—'}，风险 ${r.lead.riskTier} ${r.lead.riskScore.toFixed(2)}`,
            )
            .join('\n'),
        );
      });
    });
  findings
    .command('dismiss <ids...>')
    .description('排除发现，须选择理由 (dismiss findings with a reason)')
    .requiredOption('--reason <reason>', `理由: ${DISMISS_REASONS.join(', ')}`)
    .option('--note <text>', '说明 (free text)', '')
    .option('--whitelist', '同时将该卖家就该权利列入白名单 (also whitelist the seller for the right)')
    .option('--json', '输出 JSON (print JSON)')
    .action(
      async (
        ids: string[],
        opts: { reason: string; note: string; whitelist?: boolean; json?: boolean },
        command: Command,
      ) => {
        const numbers = ids.map((id) => idArg('finding', id));
        const reason = parseDismissReason(opts.reason);
        await withWorkflow(command, 'write', async ({ deps, who }) => {
          const rows: Finding[] = [];
          for (const id of numbers) {
            rows.push(
              await dismissFinding(deps, id, who, {
                reason,
                note: opts.note,
                whitelist: opts.whitelist === true,
              }),
            );
          }
          output(opts.json, rows, () =>
            rows
              .map(
                (f) =>
                  `发现 ${f.id} 已排除：${DISMISS_REASON_LABELS[reason]}${opts.whitelist ? '，卖家已列入白名单' : ''}`,
              )
              .join('\n'),
          );
        });
      },
    );
  findings
    .command('groups')
    .description(
      '群体性侵权：多个卖家的近似商品（标题与价格带），附关联依据 (groups of near-identical listings)',
    )
    .option('--right <id>', '权利编号')
    .option('--json', '输出 JSON (print JSON)')
    .action(async (opts: { right?: string; json?: boolean }, command: Command) => {
      await withWorkflow(command, 'read', async ({ deps }) => {
        const groups = await findingGroups(deps, opts.right);
        output(opts.json, groups, () =>
          groups.length
            ? groups
                .map(
                  (g) =>
                    `${g.clusterId} ${g.rightId}：${g.sellers.length} 个卖家，发现 ${g.findingIds.join('、')}\n  ${g.explanation}`,
                )
                .join('\n')
            : '没有群体性侵权聚类 (no groups)',
        );
      });
    });
  findings
    .command('whitelist')
    .description('白名单：被豁免的卖家 × 权利 (the seller whitelist)')
    .option('--all', '包括已撤销的 (include revoked entries)')
    .option('--json', '输出 JSON (print JSON)')
    .action(async (opts: { all?: boolean; json?: boolean }, command: Command) => {
      await withWorkflow(command, 'read', async ({ store }) => {
        const rows = await store.findings.whitelist({ includeRevoked: opts.all === true });
        output(opts.json, rows, () =>
          rows.length
            ? formatTable(
                ['编号', '平台', '卖家', '权利', '说明', '加入', '撤销'],
                rows.map((w) => [
                  w.id,
                  w.platform,
                  w.sellerId,
                  w.rightId,
                  w.note,
                  `${w.createdBy} ${w.createdAt}`,
                  w.revokedAt ? `${w.revokedBy} ${w.revokedAt}` : '—',
                ]),
              )
            : '白名单为空 (the whitelist is empty)',
        );
      });
    });
  findings
    .command('unwhitelist <id>')
    .description('撤销白名单条目 (revoke a whitelist entry)')
    .option('--json', '输出 JSON (print JSON)')
    .action(async (id: string, opts: { json?: boolean }, command: Command) => {
      const entryId = idArg('whitelist entry', id);
      await withWorkflow(command, 'write', async ({ store, who }) => {
        const entry = await store.findings.revokeWhitelist(entryId, who);
        output(opts.json, entry, () => `白名单条目 ${entry.id} 已撤销 (revoked)`);
      });
    });
}
