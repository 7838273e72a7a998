/**
 * The webhook dispatcher: a polling loop over the outbox (webhook_attempts) that claims due attempts and delivers
 * them in parallel. Any number of dispatchers may share one database: claims are exclusive and expire, so a crashed
 * process's work is picked up again and nothing acknowledged is lost.
 */
import type { Logger } from "pino";
import type { WebhookConfig } from "../config.js";
import type { Core } from "../core/context.js";
import { claimDue } from "./claim.js";
import { deliver, type DeliverOptions } from "./deliver.js";

export interface DispatcherOptions extends DeliverOptions {
  logger: Logger;
}

export class Dispatcher {
  private loop: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;

  constructor(private readonly options: DispatcherOptions) {}

  private get config(): WebhookConfig {
    return this.options.config;
  }

  /** Starts polling in the background; deliveries never block request handling. */
  start(): void {
    this.stopping = false;
    this.loop ??= this.run().finally(() => (this.loop = undefined));
  }

  /** Stops polling and waits for the deliveries in flight to be sent and logged. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
  }

  /** Claims and delivers one batch of due attempts; returns how many there were. */
  async runOnce(): Promise<number> {
    const claims = await claimDue(this.options.core, this.config.batchSize, this.config.claimLeaseMs);
    await Promise.all(claims.map((claim) => deliver(this.options, claim)));
    return claims.length;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      const count = await this.runOnce().catch((error: unknown) => {
        this.options.logger.error({ err: error }, "webhook dispatch failed");
        return 0;
      });
      // A full batch means more may be waiting: go on at once; otherwise rest, so an idle outbox is not hammered.
      if (count < this.config.batchSize) await this.pause();
    }
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, this.config.pollIntervalMs);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
