import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  GroupRulesSchema,
  LEAD_RULES_DIR,
  LeadRulesError,
  loadGroupRules,
  loadJurisdictionRules,
  loadReferralAttachments,
  loadReferralRules,
  loadRepeatRules,
  loadRiskWeights,
  parseLeadRules,
  RiskWeightsSchema,
} from '../../src/leads/leadRules.js';
import { useTempDir } from '../helpers/tempDir.js';

const tempDir = useTempDir();

describe('rules/leads', () => {
  it('every shipped file parses and carries its source and effective date', () => {
    for (const file of [
      loadRiskWeights(),
      loadRepeatRules(),
      loadGroupRules(),
      loadReferralRules(),
      loadReferralAttachments(),
      loadJurisdictionRules(),
    ]) {
      expect(file.source.length).toBeGreaterThan(10);
      expect(file.effectiveDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('names the file and the field of a bad value', () => {
    const dir = tempDir();
    const raw = JSON.parse(readFileSync(join(LEAD_RULES_DIR, 'group.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    writeFileSync(join(dir, 'group.json'), JSON.stringify({ ...raw, minSellers: 1 }));
    expect(() => parseLeadRules('group.json', GroupRulesSchema, `${dir}/`)).toThrow(LeadRulesError);
    expect(() => parseLeadRules('group.json', GroupRulesSchema, `${dir}/`)).toThrow(
      /group\.json: field "minSellers"/,
    );
  });

  it('refuses tiers where medium is above high', () => {
    const dir = tempDir();
    const raw = JSON.parse(readFileSync(join(LEAD_RULES_DIR, 'risk-weights.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    writeFileSync(
      join(dir, 'risk-weights.json'),
      JSON.stringify({ ...raw, tiers: { high: 0.3, medium: 0.5 } }),
    );
    expect(() => parseLeadRules('risk-weights.json', RiskWeightsSchema, `${dir}/`)).toThrow(/tiers/);
  });
});
