import { buildProgram } from './program.js';

try {
  await buildProgram().parseAsync(process.argv);
} catch (err) {
  const e = err as Error;
  process.stderr.write(`markwatch: ${e.message}\n`);
  if (process.env.MARKWATCH_DEBUG) process.stderr.write(`${e.stack ?? ''}\n`);
  process.exitCode = 1;
}
