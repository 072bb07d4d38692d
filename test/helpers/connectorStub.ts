import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  method: string;
  path: string;
  body: unknown;
  at: number;
}

/**
 * A loopback stand-in for the Bot Connector service: it records the bot's outbound calls (new
 * messages, in-place card updates, deletes) and can answer with failures such as 429 or 502.
 */
export class ConnectorStub {
  readonly calls: ConnectorCall[] = [];
  private server?: Server;
  private nextId = 1;
  /** Queue of statuses to answer with before succeeding (for throttling tests); `method` limits one to calls of that method. */
  failures: { status: number; retryAfter?: string; method?: string }[] = [];
  /** Holds each answer this long, to keep the bot's turn in flight. */
  delayMs = 0;
  /** Names the member look-up (GET …/members/<id>) answers with, by user id; others get 404. */
  members: Record<string, string> = {};

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('connector stub not started');
    return `http://127.0.0.1:${address.port}/`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Calls of one method whose path matches. */
  of(method: string, pathPart = ''): ConnectorCall[] {
    return this.calls.filter((c) => c.method === method && c.path.includes(pathPart));
  }

  reset(): void {
    this.calls.length = 0;
    this.failures = [];
  }

  private handle(req: IncomingMessage, res: import('node:http').ServerResponse): void {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      let body: unknown = raw;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        // keep raw text
      }
      this.calls.push({ method: req.method ?? '', path: req.url ?? '', body, at: Date.now() });
      const at = this.failures.findIndex((f) => !f.method || f.method === req.method);
      const failure = at < 0 ? undefined : this.failures.splice(at, 1)[0];
      if (failure) {
        res.writeHead(failure.status, {
          'content-type': 'application/json',
          ...(failure.retryAfter ? { 'retry-after': failure.retryAfter } : {}),
        });
        res.end(JSON.stringify({ error: { code: 'Throttled', message: 'stub failure' } }));
        return;
      }
      const member = req.method === 'GET' ? /\/members\/([^/?]+)/.exec(req.url ?? '') : null;
      if (member) {
        const userId = decodeURIComponent(member[1] ?? '');
        const name = this.members[userId];
        res.writeHead(name ? 200 : 404, { 'content-type': 'application/json' });
        res.end(JSON.stringify(name ? { id: userId, name } : { error: { code: 'NotFound', message: 'no member' } }));
        return;
      }
      const id = `stub-${this.nextId++}`;
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id }));
      }, this.delayMs);
    });
  }
}
