/** What a source answered last, and whether its last fetch failed. */
export interface Kept<T> {
  value?: T;
  asOf?: Date;
  error?: string;
}

/**
 * Keeps the last good answer of a source per key: fresh answers are reused
 * for `ttlMs`; when a fetch fails the last answer stays, with its time and
 * the error.
 */
export class KeptSource<T> {
  private readonly entries = new Map<
    string,
    Kept<T> & { fetchedAt?: number; pending?: Promise<void> }
  >();

  constructor(private readonly ttlMs: number) {}

  peek(key: string): Kept<T> | undefined {
    return this.entries.get(key);
  }

  /**
   * The answer for the key: fetched when missing or older than the TTL. With
   * `background`, a stale answer is returned at once and refreshed behind it
   * (a slow source never slows the page once it answered).
   */
  async get(
    key: string,
    fetch: () => Promise<T>,
    options: { background?: boolean } = {},
  ): Promise<Kept<T>> {
    const entry = this.entries.get(key);
    if (entry?.fetchedAt && Date.now() - entry.fetchedAt < this.ttlMs) {
      return entry;
    }
    if (entry?.fetchedAt && options.background) {
      this.refresh(key, fetch).catch(() => {});
      return entry;
    }
    await this.refresh(key, fetch);
    return this.entries.get(key)!;
  }

  /** Fetches now (joining a fetch under way for the same key). */
  async refresh(key: string, fetch: () => Promise<T>): Promise<void> {
    const entry = this.entries.get(key) ?? {};
    this.entries.set(key, entry);
    if (!entry.pending) {
      entry.pending = (async () => {
        try {
          entry.value = await fetch();
          entry.asOf = new Date();
          entry.error = undefined;
        } catch (error) {
          entry.error = error instanceof Error ? error.message : String(error);
        } finally {
          entry.fetchedAt = Date.now();
          entry.pending = undefined;
        }
      })();
    }
    await entry.pending;
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }
}
