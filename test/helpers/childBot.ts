import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** The bot as a separate process (`src/index.ts` under tsx), for crash, signal and cold-start tests. */
export class ChildBot {
  private child?: ChildProcess;
  port = 0;
  output = '';

  constructor(readonly env: Record<string, string>) {}

  /** Starts the process and resolves with its port once it logs that it is listening. */
  async start(timeoutMs = 30_000): Promise<number> {
    this.output = '';
    // tsx as a loader in this one process (its CLI would fork a second one, which SIGKILL would orphan).
    const child = spawn(process.execPath, ['--import', 'tsx', '--no-deprecation', join(ROOT, 'src', 'index.ts')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'info', PORT: '0', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (d) => {
      this.output += d;
    });
    child.stderr?.on('data', (d) => {
      this.output += d;
    });
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const match = this.output.match(/"port":(\d+)/);
      if (match) {
        this.port = Number(match[1]);
        return this.port;
      }
      if (child.exitCode !== null) throw new Error(`bot exited early:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    throw new Error(`bot did not start:\n${this.output}`);
  }

  /** Sends a signal and resolves with the exit code (or the signal name). */
  stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | string> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child?.exitCode ?? 0);
    return new Promise((resolve) => {
      child.once('exit', (code, sig) => resolve(code ?? sig ?? 0));
      child.kill(signal);
    });
  }
}
