/** The migrated template every PostgreSQL test database is copied from. */
export const PG_TEMPLATE = 'markwatch_template';
