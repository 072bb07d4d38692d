import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './net';

const ACCOUNT = 'devstoreaccount1';
// Azurite's well-known development key (public, documented; not a secret).
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** Azurite's Blob service on a free loopback port, in memory, started and stopped by tests. */
export class Azurite {
  private child?: ChildProcess;
  port = 0;

  async start(): Promise<this> {
    this.port = await freePort();
    const main = join(__dirname, '..', '..', 'node_modules', 'azurite', 'dist', 'src', 'blob', 'main.js');
    this.child = spawn(
      process.execPath,
      [
        main,
        '--blobHost',
        '127.0.0.1',
        '--blobPort',
        String(this.port),
        '--inMemoryPersistence',
        '--skipApiVersionCheck',
        '--silent',
      ],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      try {
        await fetch(`http://127.0.0.1:${this.port}/${ACCOUNT}?comp=list`);
        return this;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error('Azurite did not start');
  }

  get connectionString(): string {
    return `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};BlobEndpoint=http://127.0.0.1:${this.port}/${ACCOUNT};`;
  }

  /** Azurite ignores the first SIGTERM (DESIGN.md): ask twice, then insist. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    setTimeout(() => child.exitCode === null && child.kill('SIGTERM'), 200).unref();
    setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 2000).unref();
    await exited;
  }
}
