/**
 * While the Bot Framework's signing keys cannot be fetched, each request whose key botbuilder does not
 * hold makes it try the download again: anyone who can reach the endpoint could make the bot fetch
 * (and log a failure) once per request. After a failed download this answers 503 at once for the rest
 * of the wait the bot asks for (Retry-After), without another try, except for tokens signed with a
 * key that has already validated a request here: botbuilder holds that key, so those still go through.
 * One log line per outage window, with the number of requests answered without a try. Requests whose
 * key has not validated here go one at a time (`admit`): a burst of them waits for the first one's
 * outcome instead of each starting a download of its own.
 */
export class KeysOutage {
  private downUntil = 0;
  private refusedQuietly = 0;
  /** Key ids that have validated a request (botbuilder keeps those keys): newest last, a few dozen at most. */
  private readonly working = new Set<string>();
  /** Settles when the request now being validated with a key not yet known here has its outcome. */
  private trying?: Promise<void>;

  constructor(
    private readonly waitSeconds: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 32,
    /**
     * How long a request whose key is not known here may wait for its token to be checked (botbuilder's key
     * download has no timeout of its own): past it, the download counts as failed. Teams waits ~15 s for an answer.
     */
    readonly checkTimeoutMs = 10_000,
  ) {}

  /** Seconds the caller is asked to wait when this request is to be refused without a try; 0 to go ahead. */
  refuseFor(kid: string | undefined): number {
    const left = this.downUntil - this.now();
    if (left <= 0 || this.knows(kid)) return 0;
    this.refusedQuietly++;
    return Math.max(1, Math.ceil(left / 1000));
  }

  /**
   * Waits its turn behind any request being validated with a key not known here, then says whether this
   * one goes ahead (`wait` 0) or is refused without a try. `done()` must be called once its outcome is
   * known (validated, refused or failed); it may be called more than once.
   */
  async admit(kid: string | undefined): Promise<{ wait: number; done: () => void }> {
    const none = () => undefined;
    for (;;) {
      const wait = this.refuseFor(kid);
      if (wait > 0 || this.knows(kid)) return { wait, done: none };
      if (!this.trying) break;
      await this.trying.catch(none);
    }
    let settle: () => void = none;
    const trying = new Promise<void>((resolve) => {
      settle = resolve;
    });
    this.trying = trying;
    return {
      wait: 0,
      done: () => {
        if (this.trying === trying) this.trying = undefined;
        settle();
      },
    };
  }

  /** A download failed: no other try for the wait. Returns how many requests the last window refused without one. */
  failed(): number {
    const refused = this.refusedQuietly;
    this.refusedQuietly = 0;
    this.downUntil = this.now() + this.waitSeconds * 1000;
    return refused;
  }

  private knows(kid: string | undefined): boolean {
    return kid !== undefined && this.working.has(kid);
  }

  /** A request's token validated with key `kid`. */
  validated(kid: string | undefined): void {
    if (kid === undefined || this.working.has(kid)) return;
    this.working.add(kid);
    if (this.working.size > this.maxKeys) this.working.delete(this.working.values().next().value as string);
  }
}
