export { withDatabase } from '../../src/tools/pg/pgUrl.js';
