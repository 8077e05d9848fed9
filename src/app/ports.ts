import { MarkwatchError } from '../common/errors.js';

/*
 * Ports the commands listen on. A command binds its ports before it writes anything (the demo used to import
 * the watch list and then die with a bare `listen EADDRINUSE`); a taken port is reported with the option that
 * chooses another.
 */

export class PortError extends MarkwatchError {
  constructor(
    readonly port: number,
    readonly option: string,
    message: string,
  ) {
    super('app.port', message);
  }
}

/** `--port 8080` → 8080; 0 means any free port. */
export function parsePort(text: string | undefined, option: string, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(n) || n > 65535) {
    throw new PortError(
      fallback,
      option,
      `${option}: expected a port from 0 to 65535 (0 = any free port), got "${text}"`,
    );
  }
  return n;
}

/**
 * Starts a server with `listen`, turning the operating system's refusal of the port into an error that names
 * the port and the option to change it. Anything else is passed on unchanged.
 */
export async function listenOn<T>(port: number, option: string, listen: () => Promise<T>): Promise<T> {
  try {
    return await listen();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new PortError(
        port,
        option,
        `port ${port} is in use: choose another with ${option} (0 = any free port)`,
      );
    }
    if (code === 'EACCES') {
      throw new PortError(
        port,
        option,
        `port ${port} may not be opened by this user: choose another with ${option} (0 = any free port)`,
      );
    }
    throw err;
  }
}
