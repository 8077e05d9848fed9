import { describe, expect, it } from 'vitest';
import {
  crawlFailedAlert,
  escapeHtml,
  overdueAlert,
  plainText,
  relistingAlert,
} from '../../../src/workflow/alerts/index.js';
import { leadAlert, T0 } from './setup.js';

const HOSTILE = '耐克\u202Egnp.exe\u202C <script>alert("x")</script>\r\nBcc: victim@example.com\u0007';

describe('alert text', () => {
  it('makes untrusted text one clean line, and escapes it for HTML', () => {
    expect(plainText(HOSTILE)).toBe('耐克 gnp.exe <script>alert("x")</script> Bcc: victim@example.com');
    expect(plainText('a'.repeat(300))).toHaveLength(200);
    expect(plainText('字'.repeat(300)).endsWith('…')).toBe(true);
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('keeps hostile seller names and titles out of the subject’s lines and the HTML’s markup', () => {
    const alert = leadAlert(T0, {
      sellerName: HOSTILE,
      listings: [{ title: HOSTILE, url: 'javascript:alert(1)' }],
    });
    expect(alert.subject).not.toMatch(/[\r\n\u0007\u202E]/);
    expect(alert.subject.startsWith('【markwatch】高风险线索：耐克 gnp.exe')).toBe(true);
    expect(alert.text).not.toMatch(/[\r\u0007\u202E\u202C]/);
    expect(alert.html).not.toContain('<script>');
    expect(alert.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(alert.html).not.toContain('href="javascript');
    // The data keeps the facts as given: JSON escapes them itself.
    expect(alert.data).toMatchObject({ sellerName: HOSTILE });
  });

  it('names each event in its dedup key', () => {
    expect(leadAlert().dedupKey).toBe('high_risk_lead:7');
    const relisting = relistingAlert(
      {
        leadId: null,
        platform: 'shopb',
        listingId: 'b-2',
        relistingOf: 'b-1',
        title: 't',
        url: 'http://127.0.0.1/b-2',
        sellerName: 's',
        takenDownAt: null,
        seenAt: T0.toISOString(),
      },
      T0,
    );
    expect(relisting.dedupKey).toBe('relisting:shopb:b-2');
    expect(relisting.text).not.toContain('线索编号');
    const overdue = overdueAlert(
      {
        leadId: 3,
        deadline: 'counter_notice_15d',
        deadlineLabel: '不侵权声明转送后 15 日',
        dueDate: '2026-12-01',
        daysOverdue: 3,
      },
      T0,
    );
    expect(overdue.dedupKey).toBe('overdue:3:counter_notice_15d:2026-12-01');
    expect(overdue.subject).toBe('【markwatch】期限已逾期：线索 3 不侵权声明转送后 15 日已逾期 3 日');
    const run = crawlFailedAlert(
      {
        runId: 8,
        job: 'daily',
        status: 'partial',
        failedPages: 2,
        startedAt: T0.toISOString(),
        finishedAt: null,
      },
      T0,
    );
    expect(run.dedupKey).toBe('crawl_failed:8');
    expect(run.text).toContain('开始时间：2026-12-04T10:00:00+08:00');
    expect(run.createdAt).toBe(T0.toISOString());
  });

  it('names only the first five listings of a lead', () => {
    const listings = Array.from({ length: 7 }, (_, i) => ({
      title: `商品${i}`,
      url: `http://127.0.0.1/${i}`,
    }));
    const alert = leadAlert(T0, { listings });
    expect(alert.text).toContain('商品 5：商品4');
    expect(alert.text).not.toContain('商品 6：');
    expect(alert.text).toContain('另有 2 件商品，见线索详情。');
    expect((alert.data.listings as unknown[]).length).toBe(5);
  });
});
