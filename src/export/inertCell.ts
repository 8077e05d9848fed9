/*
 * Listing text is hostile. A spreadsheet runs a cell that starts with = + - @ (and, in some programs, one that
 * starts with a tab or carriage return) as a formula — `=HYPERLINK(...)` in a seller's title would become a
 * live link in an officer's Excel. OWASP's advice: prefix such a cell with a single quote so that it is text.
 * Every CSV and XLSX cell that carries text from outside goes through `inertCell`; numbers we computed do not.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** The text as a spreadsheet shows it, never run as a formula. */
export function inertCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** A cell value for CSV/XLSX: numbers and booleans as they are; text made inert; absent as empty. */
export function inertValue(value: string | number | boolean | null | undefined): string | number | boolean {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return inertCell(value);
  return value;
}

/** A whole row, cell by cell. */
export function inertRow(
  row: ReadonlyArray<string | number | boolean | null | undefined>,
): Array<string | number | boolean> {
  return row.map(inertValue);
}
