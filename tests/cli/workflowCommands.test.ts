import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/runCli.js';
import { useTempDir } from '../helpers/tempDir.js';
import { workflowStore } from '../workflow/workflowFixture.js';

/* The review and lead-desk commands, in-process on a real data directory. */

const tempDir = useTempDir();
afterEach(() => {
  delete process.env.MARKWATCH_AS;
});

describe('markwatch findings / leads / due', () => {
  it('reviews, notifies by document, refuses illegal moves by name, and keeps an intact audit chain', async () => {
    const dir = tempDir();
    const { store, listed } = await workflowStore(dir);
    const f1 = await listed('seller-a');
    const f2 = await listed('seller-b');
    await store.close();
    const config = join(dir, 'markwatch.config.json');
    writeFileSync(
      config,
      JSON.stringify({ dataDir: dir, workflow: { noticeChannels: { shopa: { kind: 'document' } } } }),
    );
    const cli = (...args: string[]) => runCli(dir, '--config', config, ...args);

    const listed1 = JSON.parse((await cli('findings', 'list', '--review', 'new', '--json')).out) as {
      id: number;
    }[];
    expect(listed1.map((f) => f.id).sort()).toEqual([f1, f2].sort());
    await expect(cli('findings', 'confirm', String(f1))).rejects.toThrow(/--as/);
    process.env.MARKWATCH_AS = 'staff:alice';
    await expect(cli('findings', 'list', '--tier', 'gold')).rejects.toThrow(/--tier: 未知取值 "gold"/);

    const confirmed = JSON.parse((await cli('findings', 'confirm', String(f1), '--json')).out) as {
      lead: { id: number; state: string };
    }[];
    expect(confirmed[0]!.lead.state).toBe('confirmed');
    const leadId = confirmed[0]!.lead.id;
    const dismissed = await cli(
      'findings',
      'dismiss',
      String(f2),
      '--reason',
      'false_match',
      '--note',
      '型号',
    );
    expect(dismissed.out).toContain('误匹配');

    const notified = JSON.parse((await cli('leads', 'notify', String(leadId), '--json')).out) as {
      channel: string;
      documentPath: string;
    }[];
    expect(notified[0]).toMatchObject({ channel: 'document' });
    expect(notified[0]!.documentPath).toContain(join(dir, 'notices'));
    await expect(cli('leads', 'move', String(leadId), 'published', '--reason', 'x')).rejects.toThrow(
      /状态「已通知平台」不能转为「已公示」；允许：已删除、已驳回、已收到不侵权声明/,
    );
    const show = JSON.parse((await cli('leads', 'show', String(leadId), '--json')).out) as {
      lead: { state: string };
      transitions: { to: string; actor: string }[];
      analysis: { risk: { parts: { part: string }[] }; jurisdiction: { status: string } };
    };
    expect(show.lead.state).toBe('notice_sent');
    expect(show.transitions.map((t) => [t.to, t.actor])).toEqual([
      ['confirmed', 'alice'],
      ['notice_sent', 'alice'],
    ]);
    expect(show.analysis.risk.parts.map((p) => p.part)).toEqual(
      expect.arrayContaining(['hits', 'sales', 'repeat', 'group']),
    );
    // The takedown window of the notice is running: it shows on the due list within a long enough horizon.
    const due = JSON.parse((await cli('due', '--days', '30', '--json')).out) as { dueSoon: { id: string }[] };
    expect(due.dueSoon.map((d) => d.id)).toEqual([expect.stringMatching(/^takedown_window:/)]);
    const audit = await cli('audit', 'verify');
    expect(audit.out).toContain('audit chain intact');
    expect(audit.code).toBe(0);
  });

  it('shows a group of sellers with near-identical listings, with what tied them', async () => {
    const dir = tempDir();
    const { store, listed } = await workflowStore(dir);
    for (const seller of ['g1', 'g2', 'g3'])
      await listed(seller, { title: '耐克 空军一号 低帮 板鞋 男女同款 高仿', price: 129 });
    await listed('g4', { title: '耐克 空军一号 低帮 板鞋 男女同款 高仿', price: 1290 });
    await listed('g5', { title: '安踏 篮球鞋 实战 复刻', price: 129 });
    await store.close();
    const groups = JSON.parse((await runCli(dir, 'findings', 'groups', '--json')).out) as {
      sellers: { sellerId: string }[];
      explanation: string;
    }[];
    expect(groups).toHaveLength(1);
    expect(groups[0]!.sellers.map((s) => s.sellerId).sort()).toEqual(['g1', 'g2', 'g3']);
    expect(groups[0]!.explanation).toMatch(/价格/);
  });
});
