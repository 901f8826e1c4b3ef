// When to analyse: debounced per document, newer edits abort older runs, and results for a
// version that is no longer current are dropped — so only the newest version is ever published.

import type { Analysis, DocumentSnapshot } from './analysis';

export interface SchedulerHooks {
  /** The document as it is now, or undefined once closed. */
  current(uri: string): DocumentSnapshot | undefined;
  run(doc: DocumentSnapshot, signal: AbortSignal): Promise<Analysis | undefined>;
  /** Called once per completed analysis of the current version. `queuedAt` is the first edit's time. */
  publish(analysis: Analysis, queuedAt: number): void;
  debounceMs(): number;
  onError(uri: string, error: unknown): void;
}

interface Running {
  readonly version: number;
  readonly controller: AbortController;
  readonly promise: Promise<Analysis | undefined>;
}

export class AnalysisScheduler {
  private readonly timers = new Map<
    string,
    { timer: NodeJS.Timeout; queuedAt: number; version: number; due: number }
  >();
  private readonly running = new Map<string, Running>();
  private readonly latest = new Map<string, Analysis>();

  constructor(private readonly hooks: SchedulerHooks) {}

  /** A document opened or changed: (re)start the debounce and abort any stale run. */
  changed(uri: string, immediate = false): void {
    const pending = this.timers.get(uri);
    const doc = this.hooks.current(uri);
    const version = doc?.version ?? -1;
    // The same version announced twice (open fires open + change): keep the earlier deadline.
    if (pending && pending.version === version && pending.due <= Date.now() + (immediate ? 0 : this.hooks.debounceMs()))
      return;
    const queuedAt = pending?.queuedAt ?? Date.now();
    if (pending) clearTimeout(pending.timer);
    const stale = this.running.get(uri);
    if (stale && stale.version !== version) stale.controller.abort();
    const delay = immediate ? 0 : this.hooks.debounceMs();
    const timer = setTimeout(() => {
      this.timers.delete(uri);
      void this.start(uri, queuedAt);
    }, delay);
    this.timers.set(uri, { timer, queuedAt, version, due: Date.now() + delay });
  }

  closed(uri: string): void {
    const pending = this.timers.get(uri);
    if (pending) clearTimeout(pending.timer);
    this.timers.delete(uri);
    this.running.get(uri)?.controller.abort();
    this.running.delete(uri);
    this.latest.delete(uri);
  }

  /** Forget every result (settings changed) and re-analyse the given documents. */
  invalidateAll(uris: readonly string[]): void {
    for (const r of this.running.values()) r.controller.abort();
    this.running.clear();
    this.latest.clear();
    for (const uri of uris) this.changed(uri, true);
  }

  /** The last published analysis, whatever its version (for features tolerant of staleness). */
  lastPublished(uri: string): Analysis | undefined {
    return this.latest.get(uri);
  }

  /** The analysis of the document's current version, running it now if it is only queued. */
  async forCurrentVersion(uri: string): Promise<Analysis | undefined> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const doc = this.hooks.current(uri);
      if (!doc) return undefined;
      const cached = this.latest.get(uri);
      if (cached && cached.version === doc.version) return cached;
      const running = this.running.get(uri);
      const promise = running && running.version === doc.version ? running.promise : this.startNow(uri);
      const result = await promise;
      if (result && result.version === this.hooks.current(uri)?.version) return result;
    }
    return this.latest.get(uri);
  }

  private startNow(uri: string): Promise<Analysis | undefined> {
    const pending = this.timers.get(uri);
    if (pending) clearTimeout(pending.timer);
    this.timers.delete(uri);
    return this.start(uri, pending?.queuedAt ?? Date.now());
  }

  private start(uri: string, queuedAt: number): Promise<Analysis | undefined> {
    const doc = this.hooks.current(uri);
    if (!doc) return Promise.resolve(undefined);
    const previous = this.running.get(uri);
    if (previous) {
      if (previous.version === doc.version) return previous.promise;
      previous.controller.abort();
    }
    const controller = new AbortController();
    const promise = this.hooks
      .run(doc, controller.signal)
      .then((analysis) => {
        if (this.running.get(uri)?.controller === controller) this.running.delete(uri);
        // Drop results of versions that are no longer current: never publish stale diagnostics.
        if (!analysis || controller.signal.aborted || this.hooks.current(uri)?.version !== analysis.version)
          return undefined;
        this.latest.set(uri, analysis);
        this.hooks.publish(analysis, queuedAt);
        return analysis;
      })
      .catch((e: unknown) => {
        if (this.running.get(uri)?.controller === controller) this.running.delete(uri);
        this.hooks.onError(uri, e);
        return undefined;
      });
    this.running.set(uri, { version: doc.version, controller, promise });
    return promise;
  }
}
