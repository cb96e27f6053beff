import {
  PulseEntry,
  PulseKind,
} from '@internal/backstage-plugin-squad-overview-common';

/** A pulse entry to store, with the id of what it came from. */
export interface NewPulseEntry {
  /** Unique per source event (for example `github:<delivery>`). */
  sourceId: string;
  /** Entity ref of the squad Group. */
  squad: string;
  service: string;
  kind: PulseKind;
  summary: string;
  actor?: string;
  url?: string;
  /** Epoch milliseconds. */
  at: number;
}

export interface PulsePageRequest {
  squad: string;
  before?: string;
  limit: number;
}

/** Storage of pulse entries and dead-letter counts. */
export interface PulseStore {
  /** Stores the entry once; undefined when its source id was stored before. */
  add(entry: NewPulseEntry): Promise<PulseEntry | undefined>;
  /** Newest first, keyset paged. Throws InputError for a bad cursor. */
  page(request: PulsePageRequest): Promise<{
    items: PulseEntry[];
    nextCursor?: string;
  }>;
  /** Whether an entry of this kind for the service exists since `since`. */
  hasEntrySince(options: {
    squad: string;
    service: string;
    kind: PulseKind;
    sourcePrefix: string;
    since: number;
  }): Promise<boolean>;
  /** Records dead letters stored; returns the sum within [since, now]. */
  addDeadLetters(options: {
    service: string;
    environment: string;
    count: number;
    at: number;
    since: number;
  }): Promise<number>;
  /** Removes pulse entries older than `pulseBefore`, dead-letter counts older than `deadLettersBefore`. */
  cleanup(options: {
    pulseBefore: number;
    deadLettersBefore: number;
  }): Promise<{ pulse: number; deadLetters: number }>;
}

/** A last seen Kubernetes state (see migrations/20261206200000_kubernetes_states.js). */
export interface SeenState {
  state: string;
  /** Epoch milliseconds of when the object entered this state. */
  since: number;
}

/** Last seen pod and deployment states per cluster, and notification claims. */
export interface RuntimeStateStore {
  /** Every stored state of the cluster, by object key. */
  load(cluster: string): Promise<Map<string, SeenState>>;
  save(
    cluster: string,
    changes: {
      put: Array<SeenState & { key: string }>;
      remove: string[];
    },
  ): Promise<void>;
  /**
   * Claims the right to notify for `key`: true for exactly one caller when
   * the last claim is older than `everyMs` (or there was none).
   */
  claim(key: string, now: number, everyMs: number): Promise<boolean>;
}
