/*
 * `--name value` options of the bench scripts (`npm run bench -- <bench> [args]`), read from the arguments
 * after the script (`process.argv.slice(2)`).
 */

/** The token after the first `--name`; undefined when `--name` is absent or last. */
export function argValue(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

/** The value of `--name`, or `fallback` when the option is absent, last, or given an empty value. */
export function arg(args: readonly string[], name: string, fallback: string): string {
  return argValue(args, name) || fallback;
}
