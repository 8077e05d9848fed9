import type { TestProject } from 'vitest/node';
import pg from 'pg';
import {
  findPgBin,
  startThrowawayCluster,
  type ThrowawayCluster,
} from '../../src/tools/pg/throwawayCluster.js';
import { PgDb } from '../../src/store/pg/pgDatabase.js';
import { migratePg } from '../../src/store/pg/pgMigrate.js';
import { PG_TEMPLATE } from './pgNames.js';
import { withDatabase } from './pgUrl.js';

/*
 * The PostgreSQL suite's server: MARKWATCH_TEST_PG_URL (an admin URL of a server of yours), or a throw-away
 * cluster started here when PostgreSQL is installed. Without either the suite is skipped, loudly; with
 * MARKWATCH_TEST_PG=required (set by .ci/run) a missing server fails the run instead. A template database is
 * migrated once; each test gets its own copy (tests/helpers/pgStore.ts).
 */

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string | null;
  }
}

const HOW =
  "install Debian's postgresql (bash scripts/setup.sh with MARKWATCH_WITH_PG=1) or set MARKWATCH_TEST_PG_URL=postgres://…";

export default async function setup(project: TestProject): Promise<() => void> {
  let cluster: ThrowawayCluster | null = null;
  let adminUrl = process.env.MARKWATCH_TEST_PG_URL ?? null;
  if (!adminUrl && findPgBin()) {
    cluster = await startThrowawayCluster();
    adminUrl = cluster.adminUrl;
  }
  if (!adminUrl) {
    if (process.env.MARKWATCH_TEST_PG === 'required') {
      throw new Error(`MARKWATCH_TEST_PG=required but no PostgreSQL server: ${HOW}`);
    }
    process.stderr.write(`\n*** PostgreSQL suite SKIPPED: no PostgreSQL found. To run it, ${HOW}. ***\n\n`);
    project.provide('pgAdminUrl', null);
    return () => undefined;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${PG_TEMPLATE}`);
  await admin.query(`CREATE DATABASE ${PG_TEMPLATE}`);
  await admin.end();
  const template = new PgDb(withDatabase(adminUrl, PG_TEMPLATE), { poolSize: 1 });
  await migratePg(template);
  await template.close();
  project.provide('pgAdminUrl', adminUrl);
  return () => cluster?.stop();
}
