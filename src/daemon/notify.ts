/**
 * Notifications: a generic JSON webhook, a Slack incoming webhook and email over SMTP (nodemailer), each
 * retried with backoff. A failed notification is logged (without the URL or the SMTP password) and never
 * fails the job that caused it.
 */
import type { Transporter } from 'nodemailer';
import type { NotificationsConfig } from '../core/config/daemon-schema.ts';
import type { Logger } from '../core/logger.ts';
import { redact } from '../core/redact.ts';

export type NotificationEvent =
  | 'job_failed'
  | 'job_succeeded'
  | 'drill_not_compliant'
  | 'missed_schedule'
  | 'job_slow'
  | 'verification_failed'
  | 'suspicious_backup'
  | 'storage_nearly_full';

export interface Notification {
  event: NotificationEvent;
  severity: 'info' | 'warning' | 'critical';
  title: string;
  message: string;
  /** Structured details (job id, database, backup id), sent as JSON to the webhook. */
  details?: Record<string, unknown>;
}

export interface NotifierOptions {
  config: NotificationsConfig;
  log: Logger;
  hostname: string;
  /** Delays between attempts (ms); three attempts by default. */
  backoffMs?: number[];
  fetch?: typeof fetch;
}

const TIMEOUT_MS = 10_000;

/** Sends notifications to every configured channel; `send` never rejects. */
export class Notifier {
  private readonly options: NotifierOptions;
  private mailer: Promise<Transporter> | undefined;

  constructor(options: NotifierOptions) {
    this.options = options;
  }

  /** True when at least one channel is configured. */
  get enabled(): boolean {
    const c = this.options.config;
    return Boolean(c.webhookUrl || c.slackWebhookUrl || (c.smtpUrl && c.emailTo.length > 0));
  }

  /** The SMTP transport, loaded on first use: the mail library is start-up memory most sidecars never need. */
  private transport(): Promise<Transporter> | undefined {
    const { smtpUrl, emailTo } = this.options.config;
    if (!smtpUrl || emailTo.length === 0) return undefined;
    this.mailer ??= import('nodemailer').then((m) => m.default.createTransport(smtpUrl));
    return this.mailer;
  }

  /** Delivers `n` everywhere (successes only when NOTIFY_ON_SUCCESS); resolves when every channel finished. */
  async send(n: Notification): Promise<void> {
    const c = this.options.config;
    if (n.event === 'job_succeeded' && !c.onSuccess) return;
    const body = { ...n, host: this.options.hostname, time: new Date().toISOString(), source: 'db-backup' };
    const deliveries: Promise<void>[] = [];
    if (c.webhookUrl) deliveries.push(this.withRetry('webhook', () => this.post(c.webhookUrl!, body)));
    if (c.slackWebhookUrl) {
      const icon =
        n.severity === 'critical'
          ? ':red_circle:'
          : n.severity === 'warning'
            ? ':warning:'
            : ':white_check_mark:';
      deliveries.push(
        this.withRetry('slack', () =>
          this.post(c.slackWebhookUrl!, {
            text: `${icon} *${n.title}* (${this.options.hostname})\n${n.message}`,
          }),
        ),
      );
    }
    const transport = this.transport();
    if (transport) {
      deliveries.push(
        this.withRetry('email', async () => {
          await (await transport).sendMail({
            from: c.emailFrom,
            to: c.emailTo.join(', '),
            subject: `[db-backup] ${n.title}`,
            text: `${n.message}\n\nhost: ${this.options.hostname}\nevent: ${n.event}\n${n.details ? JSON.stringify(n.details, null, 2) : ''}`,
          });
        }),
      );
    }
    await Promise.all(deliveries);
  }

  private async post(url: string, body: unknown): Promise<void> {
    const response = await (this.options.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'db-backup' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  }

  private async withRetry(channel: string, attempt: () => Promise<void>): Promise<void> {
    const delays = this.options.backoffMs ?? [1000, 4000];
    for (let i = 0; ; i++) {
      try {
        await attempt();
        return;
      } catch (error) {
        if (i >= delays.length) {
          // The message may quote the URL (fetch errors do): keep only what cannot carry it.
          const reason = (error as Error).message.replace(/https?:\/\/\S+|smtps?:\/\/\S+/g, '<url>');
          this.options.log.warn(
            redact(`notification via ${channel} failed after ${i + 1} attempts: ${reason}`),
          );
          return;
        }
        await new Promise((r) => setTimeout(r, delays[i]));
      }
    }
  }
}
