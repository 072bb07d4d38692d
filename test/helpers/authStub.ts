import { createHmac, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const b64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

/**
 * A loopback stand-in for the Bot Framework's OpenID metadata and signing keys (as botbuilder's own
 * tests do): it serves a locally generated RSA public key, and signs tokens with its private key.
 */
export class AuthStub {
  readonly kid = 'test-key-1';
  private readonly privateKey: KeyObject;
  private readonly jwk: Record<string, unknown>;
  private server?: Server;
  /** Requests the stub has answered (metadata and key fetches). */
  hits = 0;

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.jwk = {
      ...(publicKey.export({ format: 'jwk' }) as Record<string, unknown>),
      kid: this.kid,
      use: 'sig',
      alg: 'RS256',
    };
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.hits++;
      res.setHeader('content-type', 'application/json');
      if (req.url === '/v1/.well-known/openidconfiguration') {
        res.end(
          JSON.stringify({
            issuer: 'https://api.botframework.com',
            jwks_uri: `${this.url}/v1/keys`,
            id_token_signing_alg_values_supported: ['RS256'],
          }),
        );
      } else if (req.url === '/v1/keys') {
        res.end(JSON.stringify({ keys: [this.jwk] }));
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('auth stub not started');
    return `http://127.0.0.1:${address.port}`;
  }

  get metadataUrl(): string {
    return `${this.url}/v1/.well-known/openidconfiguration`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A token as the Bot Framework channel would issue it, with claims overridable for negative tests. */
  token(
    claims: { appId: string; serviceUrl: string } & Record<string, unknown>,
    options: { alg?: 'RS256' | 'HS256' | 'none'; secret?: string; kid?: string } = {},
  ): string {
    const now = Math.floor(Date.now() / 1000);
    const { appId, serviceUrl, ...rest } = claims;
    const payload: Record<string, unknown> = {
      iss: 'https://api.botframework.com',
      aud: appId,
      serviceurl: serviceUrl,
      nbf: now - 60,
      iat: now - 60,
      exp: now + 3600,
      ...rest,
    };
    // A claim given as undefined is left out (a token with no expiry, say).
    for (const [k, v] of Object.entries(payload)) if (v === undefined) delete payload[k];
    const alg = options.alg ?? 'RS256';
    const header = { alg, typ: 'JWT', kid: options.kid ?? this.kid };
    const body = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
    if (alg === 'none') return `${body}.`;
    if (alg === 'HS256')
      return `${body}.${createHmac('sha256', options.secret ?? 'guessable')
        .update(body)
        .digest('base64url')}`;
    const signer = createSign('RSA-SHA256');
    signer.update(body);
    return `${body}.${signer.sign(this.privateKey).toString('base64url')}`;
  }
}
