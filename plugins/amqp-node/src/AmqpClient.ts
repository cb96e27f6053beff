import { LoggerService } from '@backstage/backend-plugin-api';
import amqp, {
  Channel,
  ChannelModel,
  ConfirmChannel,
  ConsumeMessage,
  Options,
} from 'amqplib';
import { withHeartbeat, withTimeout } from './util';

/** What a client is doing now. */
export type AmqpClientState =
  | 'idle'
  | 'connecting'
  | 'consuming'
  | 'reconnecting'
  | 'stopped';

/** @public */
export interface AmqpClientStatus {
  state: AmqpClientState;
  /** When the client entered this state. */
  since: Date;
  /** The last reason a session could not start or ended. */
  lastError?: { message: string; at: Date };
  /** Failed attempts since the last session that came up. */
  attempts: number;
}

/**
 * One connection and the channels and consumers on it. Anything that breaks
 * a part of it (the connection or one of its channels closing, the broker
 * cancelling a consumer) ends the whole session; the client then sets it up
 * again after a backoff.
 */
export interface AmqpSession {
  readonly connection: ChannelModel;
  /** True once the session has ended. */
  readonly ended: boolean;
  /** Settles when the session ends. */
  readonly done: Promise<void>;
  /** A channel whose unexpected close ends the session. */
  createChannel(): Promise<Channel>;
  /**
   * Consumes a queue (manual acks unless options say otherwise). When the
   * broker cancels the consumer (the queue was deleted), the session ends.
   */
  consume(
    channel: Channel,
    queue: string,
    onMessage: (message: ConsumeMessage) => void,
    options?: Options.Consume,
  ): Promise<string>;
  /** Ends the session with a reason; the client reconnects after a backoff. */
  fail(reason: unknown): void;
}

export interface AmqpClientOptions {
  url: string;
  /** Shown as the connection name in the broker. */
  name: string;
  logger: LoggerService;
  /** Declares topology and starts consumers; a throw ends the session. */
  setup: (session: AmqpSession) => Promise<void>;
  /** Reconnect backoff: starts at min, doubles up to max (ms). */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Socket connect timeout (ms). */
  connectTimeoutMs?: number;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

class Session implements AmqpSession {
  ended = false;
  readonly done: Promise<void>;
  private resolveDone!: () => void;
  private readonly deliberatelyClosed = new WeakSet<Channel>();
  /** Open channels, closed before the connection (see close()). */
  private readonly open = new Set<Channel>();

  constructor(
    readonly connection: ChannelModel,
    private readonly onEnd: (reason: string) => void,
  ) {
    this.done = new Promise(resolve => {
      this.resolveDone = resolve;
    });
    connection.on('close', (err?: unknown) =>
      this.fail(
        err ? `connection closed: ${message(err)}` : 'connection closed',
      ),
    );
    // 'error' is followed by 'close'; listening keeps it from throwing.
    connection.on('error', () => undefined);
  }

  private track<T extends Channel>(channel: T): T {
    this.open.add(channel);
    channel.on('close', () => this.open.delete(channel));
    return channel;
  }

  private watch<T extends Channel>(channel: T, kind: string): T {
    let lastError: unknown;
    channel.on('error', err => {
      lastError = err;
    });
    channel.on('close', () => {
      if (!this.deliberatelyClosed.has(channel)) {
        this.fail(
          lastError
            ? `${kind} closed: ${message(lastError)}`
            : `${kind} closed by the broker`,
        );
      }
    });
    return channel;
  }

  async createChannel(): Promise<Channel> {
    return this.watch(
      this.track(await this.connection.createChannel()),
      'channel',
    );
  }

  /** A channel whose close does not end the session (probes, publishing). */
  async createLooseChannel(): Promise<Channel> {
    const channel = this.track(await this.connection.createChannel());
    this.deliberatelyClosed.add(channel);
    channel.on('error', () => undefined);
    return channel;
  }

  async createLooseConfirmChannel(): Promise<ConfirmChannel> {
    const channel = this.track(await this.connection.createConfirmChannel());
    this.deliberatelyClosed.add(channel);
    return channel;
  }

  async consume(
    channel: Channel,
    queue: string,
    onMessage: (message: ConsumeMessage) => void,
    options: Options.Consume = { noAck: false },
  ): Promise<string> {
    const { consumerTag } = await channel.consume(
      queue,
      msg => {
        if (msg) {
          onMessage(msg);
        } else {
          this.fail(`the broker cancelled the consumer of queue ${queue}`);
        }
      },
      options,
    );
    return consumerTag;
  }

  fail(reason: unknown) {
    if (this.ended) {
      return;
    }
    this.ended = true;
    this.onEnd(message(reason));
    this.resolveDone();
  }

  private closing?: Promise<void>;

  /**
   * Closes the connection; drops the socket if the broker does not answer.
   * Called by stop() and by the client's loop: both wait for the same close.
   */
  close(): Promise<void> {
    this.closing ??= this.closeOnce();
    return this.closing;
  }

  private async closeOnce() {
    this.fail('closed');
    // Each channel first: its close follows the acks sent on it, while the
    // connection's close is written on channel 0 and may overtake them (the
    // broker would then hand back messages that were acked).
    await withTimeout(
      Promise.allSettled(
        [...this.open].map(channel =>
          Promise.resolve().then(() => channel.close()),
        ),
      ),
      2000,
    );
    const closed = await withTimeout(
      this.connection.close().then(
        () => true,
        () => true,
      ),
      5000,
    );
    if (!closed) {
      (this.connection as any).connection?.stream?.destroy();
    }
  }
}

/**
 * A RabbitMQ client that keeps itself connected: it connects (heartbeat,
 * connect timeout), runs the caller's `setup`, and whenever the session
 * ends, connects and sets up again with exponential backoff, until stop().
 * It never throws out of its background loop.
 *
 * @public
 */
export class AmqpClient {
  private readonly logger: LoggerService;
  private current?: Session;
  private confirm?: Promise<ConfirmChannel>;
  private running?: Promise<void>;
  private stopping = false;
  private wakeUp?: () => void;
  private readyWaiters: Array<() => void> = [];
  private state: AmqpClientStatus = {
    state: 'idle',
    since: new Date(),
    attempts: 0,
  };

  constructor(private readonly options: AmqpClientOptions) {
    this.logger = options.logger;
  }

  status(): AmqpClientStatus {
    return { ...this.state };
  }

  /** The live session, if any. */
  session(): AmqpSession | undefined {
    return this.current && !this.current.ended ? this.current : undefined;
  }

  /** Starts connecting in the background. */
  start(): void {
    if (this.running) {
      return;
    }
    this.stopping = false;
    this.running = this.loop();
  }

  /** Resolves the next time setup has completed (now, if it has). */
  whenReady(): Promise<void> {
    if (this.session() && this.state.state === 'consuming') {
      return Promise.resolve();
    }
    return new Promise(resolve => this.readyWaiters.push(resolve));
  }

  /**
   * Stops: lets the caller drain with the live session (cancel consumers,
   * store and ack what it holds), then closes the connection.
   */
  async stop(drain?: (session: AmqpSession) => Promise<void>): Promise<void> {
    this.stopping = true;
    this.wakeUp?.();
    const session = this.session();
    if (session && drain) {
      await withTimeout(
        drain(session).catch(error =>
          this.logger.warn(
            `Draining before shutdown failed: ${message(error)}`,
          ),
        ),
        30_000,
      );
    }
    await this.current?.close();
    await this.running;
    this.running = undefined;
    this.setState('stopped');
  }

  /**
   * Runs `fn` on a short-lived channel, e.g. to check a queue: on the live
   * session, or on a connection of its own while the session is down (so a
   * status can still tell how many messages wait). A broker error (a missing
   * queue) closes only that channel.
   */
  async withChannel<T>(fn: (channel: Channel) => Promise<T>): Promise<T> {
    const session = this.current;
    if (session && !session.ended) {
      const channel = await session.createLooseChannel();
      try {
        return await fn(channel);
      } finally {
        await channel.close().catch(() => undefined);
      }
    }
    const connection = await amqp.connect(withHeartbeat(this.options.url), {
      timeout: this.options.connectTimeoutMs ?? 10_000,
      clientProperties: { connection_name: `${this.options.name}-probe` },
    });
    connection.on('error', () => undefined);
    try {
      const channel = await connection.createChannel();
      channel.on('error', () => undefined);
      return await fn(channel);
    } finally {
      await withTimeout(
        connection.close().catch(() => undefined),
        2000,
      );
    }
  }

  /** A confirm channel for publishing, one per session, recreated after a close. */
  confirmChannel(): Promise<ConfirmChannel> {
    const session = this.current;
    if (!session || session.ended || this.stopping) {
      return Promise.reject(new Error(`${this.options.name} is not connected`));
    }
    if (!this.confirm) {
      const created = session.createLooseConfirmChannel().then(channel => {
        channel.on('error', err =>
          this.logger.warn(`Publishing channel error: ${message(err)}`),
        );
        channel.on('close', () => {
          if (this.confirm === created) {
            this.confirm = undefined;
          }
        });
        return channel;
      });
      created.catch(() => {
        if (this.confirm === created) {
          this.confirm = undefined;
        }
      });
      this.confirm = created;
    }
    return this.confirm;
  }

  private setState(state: AmqpClientState, error?: string) {
    this.state = {
      state,
      since: new Date(),
      attempts: this.state.attempts,
      lastError: error
        ? { message: error, at: new Date() }
        : this.state.lastError,
    };
  }

  private async loop(): Promise<void> {
    const min = this.options.minBackoffMs ?? 500;
    const max = this.options.maxBackoffMs ?? 15_000;
    while (!this.stopping) {
      const session = await this.open();
      if (session) {
        // stop() may have come while connecting: then nothing else would
        // ever close this session, and waiting for it would hang stop().
        if (!this.stopping) {
          await session.done;
        }
        await session.close();
      }
      if (this.stopping) {
        break;
      }
      const delay = Math.min(max, min * 2 ** this.state.attempts);
      this.state.attempts += 1;
      await new Promise<void>(resolve => {
        this.wakeUp = resolve;
        setTimeout(resolve, delay).unref?.();
      });
    }
  }

  /** Connects and runs setup; undefined when that failed (already logged). */
  private async open(): Promise<Session | undefined> {
    const { url, name, setup, connectTimeoutMs } = this.options;
    this.setState(this.state.attempts === 0 ? 'connecting' : 'reconnecting');
    let session: Session | undefined;
    try {
      const connection = await amqp.connect(withHeartbeat(url), {
        timeout: connectTimeoutMs ?? 10_000,
        clientProperties: { connection_name: name },
      });
      session = new Session(connection, reason => this.ended(reason));
      this.current = session;
      this.confirm = undefined;
      if (this.stopping) {
        return session;
      }
      await setup(session);
      if (session.ended) {
        return session;
      }
      this.state.attempts = 0;
      this.setState('consuming');
      this.logger.info(`${name}: connected`);
      for (const resolve of this.readyWaiters.splice(0)) {
        resolve();
      }
      return session;
    } catch (error) {
      const reason = `cannot connect or set up: ${message(error)}`;
      if (session) {
        session.fail(reason);
        await session.close();
      } else {
        this.ended(reason);
      }
      return undefined;
    }
  }

  private ended(reason: string) {
    this.confirm = undefined;
    if (this.stopping) {
      return;
    }
    this.logger.warn(`${this.options.name}: ${reason}; reconnecting`);
    this.setState('reconnecting', reason);
  }
}
