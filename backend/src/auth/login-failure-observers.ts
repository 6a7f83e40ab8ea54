import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';

/** A failed portal login, as observers hear of it once it is recorded. */
export interface LoginFailureNotice {
  /** Normalised address. */
  sourceIp: string;
  at: Date;
}

export type LoginFailureObserver = (f: LoginFailureNotice) => Promise<void>;

/**
 * The seam through which features hear of failed portal logins (the brute-force detector) without auth
 * knowing them. Observers run after the failure is recorded and are never awaited by the login: a slow or
 * failing observer neither delays nor fails the answer.
 */
@Injectable()
export class LoginFailureObservers implements OnModuleDestroy {
  private readonly logger = new Logger(LoginFailureObservers.name);
  private readonly observers = new Set<LoginFailureObserver>();
  private readonly running = new Set<Promise<void>>();

  register(observer: LoginFailureObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  notify(f: LoginFailureNotice): void {
    for (const observer of this.observers) {
      const run = observer(f)
        .catch((e) => this.logger.error(`login failure observer: ${e instanceof Error ? e.stack : e}`))
        .finally(() => this.running.delete(run));
      this.running.add(run);
    }
  }

  /** Lets observers that are still running finish before the database closes. */
  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.running]);
  }
}
