import { describe, expect, it } from 'vitest';
import { listingContentHash, type Listing } from '../../src/model/index.js';
import { openStore } from '../../src/store/index.js';
import { createWebApp } from '../../src/web/app.js';
import { useTempDir } from '../helpers/tempDir.js';
import { openFindings } from '../../src/leads/openFindings.js';

const tempDir = useTempDir();

describe('web app', () => {
  it('lists findings and escapes hostile listing text', async () => {
    const store = await openStore(tempDir());
    const listing: Listing = {
      id: 'evil',
      platform: 'shopa',
      url: 'javascript:alert(1)',
      title: '<script>alert("x")</script>耐克',
      seller: { id: 's', name: '<img src=x onerror=alert(1)>' },
      capturedAt: '2026-11-01T00:00:00Z',
    };
    const hash = listingContentHash(listing);
    const { pk } = await store.listings.upsert(listing, hash);
    await store.hits.record(
      pk,
      hash,
      [
        {
          listingId: 'evil',
          rightId: 'tm-naike',
          kind: 'trademark',
          reason: 'trademark.counterfeit',
          score: 0.9,
          flagged: true,
          rules: [],
        },
      ],
      openFindings,
    );
    const res = await createWebApp(store).request('/');
    const body = await res.text();
    expect(res.status).toBe(200);
    expect(body).toContain('发现列表');
    expect(body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;耐克');
    expect(body).not.toContain('<script>alert');
    expect(body).not.toContain('<img src=x');
    expect(body).not.toContain('javascript:');
    const api = (await (await createWebApp(store).request('/api/findings')).json()) as { findings: unknown[] };
    expect(api.findings).toHaveLength(1);
    // No finding is confirmed yet, so no lead is open.
    const leads = (await (await createWebApp(store).request('/api/leads')).json()) as { leads: unknown[] };
    expect(leads.leads).toEqual([]);
    await store.close();
  });
});
