import { Command } from 'commander';
import { register as demo } from './commands/demo.js';
import { register as serve } from './commands/serve.js';
import { register as crawl } from './commands/crawl.js';
import { register as match } from './commands/match.js';
import { register as marketplace } from './commands/marketplace.js';
import { register as rights } from './commands/rights.js';
import { register as leads } from './commands/leads.js';
import { register as stats } from './commands/stats.js';
import { register as verify } from './commands/verify.js';
import { register as runs } from './commands/runs.js';
import { register as findings } from './commands/findings.js';
import { register as audit } from './commands/audit.js';
import { register as due } from './commands/due.js';
import { register as alerts } from './commands/alerts.js';
import { register as users } from './commands/users.js';
import { register as exportDocs } from './commands/exportDocs.js';
import { register as store } from './commands/store.js';
import { register as worker } from './commands/worker.js';

/** The command tree; each command lives in its own file under commands/. */
export function buildProgram(): Command {
  const program = new Command('markwatch')
    .description('markwatch — 电商平台知识产权侵权线索监测 (marketplace IP-infringement monitoring)')
    .version('0.1.0')
    .option('--data-dir <dir>', '数据目录 (data directory; env MARKWATCH_DATA_DIR; default ./var)')
    .option('--config <file>', '配置文件 (configuration file; default ./markwatch.config.json)')
    .showHelpAfterError();
  for (const register of [
    demo,
    serve,
    crawl,
    worker,
    match,
    marketplace,
    rights,
    findings,
    leads,
    stats,
    verify,
    runs,
    audit,
    due,
    alerts,
    users,
    exportDocs,
    store,
  ])
    register(program);
  return program;
}
