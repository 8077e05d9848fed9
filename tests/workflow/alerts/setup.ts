import { afterEach } from 'vitest';
import { parseConfig } from '../../../src/config/loadConfig.js';
import { migrate, openDatabase } from '../../../src/store/index.js';
import { SqliteAlertRepository } from '../../../src/store/sqliteAlerts.js';
import {
  AlertDispatcher,
  channelsFromConfig,
  highRiskLeadAlert,
  type HighRiskLeadFacts,
} from '../../../src/workflow/alerts/index.js';

/** 2026-12-04 10:00 China time: the injected clock every test starts from. */
export const T0 = new Date('2026-12-04T02:00:00.000Z');
export const at = (ms: number) => new Date(T0.getTime() + ms);

export const SECRET = 'test-secret-0123456789abcdef';

export const LEAD: HighRiskLeadFacts = {
  leadId: 7,
  platform: 'shopa',
  sellerId: 's-42',
  sellerName: '潮牌折扣店',
  rightName: 'NIKE 耐克',
  score: 87,
  tier: 'high',
  scoreParts: { 命中: 40, 销量: 25, 价差: 22 },
  listings: [{ title: '耐克 Air 运动鞋 工厂直销', url: 'http://127.0.0.1:8090/item/1' }],
};

/** A migrated in-memory store, a dispatcher over it with channels from an `alerts` config, closed after the test. */
export function useDispatcher() {
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const o of open.splice(0)) await o.close();
  });
  return (alerts: unknown, env: NodeJS.ProcessEnv = {}) => {
    const db = openDatabase(':memory:');
    migrate(db);
    const repository = new SqliteAlertRepository(db);
    const config = parseConfig({ alerts }, 'test.json').alerts;
    const dispatcher = new AlertDispatcher({
      repository,
      channels: channelsFromConfig(config, env),
      retry: config.retry,
      digest: config.digest,
    });
    open.push({
      close: async () => {
        await dispatcher.close();
        db.close();
      },
    });
    return { dispatcher, repository, config };
  };
}

export const leadAlert = (now = T0, facts: Partial<HighRiskLeadFacts> = {}) =>
  highRiskLeadAlert({ ...LEAD, ...facts }, now);
