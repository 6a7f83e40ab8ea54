import { DOCUMENT } from '@angular/common';
import { DestroyRef, effect, inject, Injectable, Injector, signal } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { Router } from '@angular/router';
import { debounceTime, EMPTY, filter, Observable, share, type Subscription } from 'rxjs';
import { TicketsApi } from './tickets-api';

/** One change of a case the caller may see (`GET /api/tickets/stream`). */
export interface TicketChange {
  ticketId: string;
  customerId: string;
  created: boolean;
  severity: string;
  internal: boolean;
}

/** `resync`: the server may have missed changes; reload what is shown. */
export type LiveItem = { kind: 'change'; change: TicketChange } | { kind: 'resync' };

/** Changes arriving together reload a page once. */
export const LIVE_RELOAD_DEBOUNCE_MS = 500;

const ALERTS_KEY = 'tollgate.desktopAlerts';
/** How many unowned open cases the tab title counts before it says "99+". */
const COUNT_LIMIT = 99;
const URGENT = ['block', 'urgent'];

/**
 * The live queue for staff: one EventSource on the server's stream, shared by every page that listens; the count
 * of open cases nobody owns, in the tab title; and, when the technician opted in, a desktop notification for each
 * new block or urgent case.
 */
@Injectable({ providedIn: 'root' })
export class LiveQueue {
  private readonly api = inject(TicketsApi);
  /** The router is looked up when needed: it depends on Title, which depends on this. */
  private readonly injector = inject(Injector);

  /** Open cases nobody owns (up to COUNT_LIMIT + 1), or null when not counted (customers, signed out). */
  readonly unowned = signal<number | null>(null);
  readonly connected = signal(false);
  readonly alertsEnabled = signal(readAlertsPreference());

  /** Every change and resync, while anyone listens (the EventSource closes when nobody does). */
  readonly items: Observable<LiveItem> = (typeof EventSource === 'undefined'
    ? EMPTY
    : new Observable<LiveItem>((subscriber) => {
        const source = new EventSource('/api/tickets/stream');
        let opened = false;
        source.onopen = () => {
          this.connected.set(true);
          // A reconnect (the server ends each stream after a while, or it restarted): changes may have been missed.
          if (opened) subscriber.next({ kind: 'resync' });
          opened = true;
        };
        source.onerror = () => this.connected.set(false);
        source.addEventListener('ticket', (e) => {
          subscriber.next({ kind: 'change', change: JSON.parse((e as MessageEvent<string>).data) as TicketChange });
        });
        // The server's listener reconnected to PostgreSQL: it may have missed changes.
        source.addEventListener('resync', () => subscriber.next({ kind: 'resync' }));
        return () => {
          source.close();
          this.connected.set(false);
        };
      })
  ).pipe(share());

  private running?: Subscription;

  /** Starts the count and the alerts for a staff user (the shell calls it); stops with `destroyRef`. */
  start(destroyRef: DestroyRef): void {
    if (this.running) return;
    this.recount();
    const counting = this.items.pipe(debounceTime(1000)).subscribe(() => this.recount());
    const alerting = this.items
      .pipe(
        filter((i) => i.kind === 'change' && i.change.created && URGENT.includes(i.change.severity)),
        filter(() => this.alertsEnabled() && notificationsGranted()),
      )
      .subscribe((i) => {
        if (i.kind === 'change') this.notify(i.change);
      });
    this.running = counting;
    this.running.add(alerting);
    destroyRef.onDestroy(() => {
      this.running?.unsubscribe();
      this.running = undefined;
      this.unowned.set(null);
    });
  }

  /** Asks the browser for permission, then remembers the choice. */
  async enableAlerts(): Promise<boolean> {
    if (typeof Notification === 'undefined') return false;
    const permission = await Notification.requestPermission();
    const granted = permission === 'granted';
    this.setAlerts(granted);
    return granted;
  }

  disableAlerts(): void {
    this.setAlerts(false);
  }

  private setAlerts(on: boolean): void {
    this.alertsEnabled.set(on);
    try {
      localStorage.setItem(ALERTS_KEY, on ? '1' : '0');
    } catch {
      // storage refused (private mode): the choice lasts for this page
    }
  }

  /** Counts again now (after this page changed an owner). */
  refresh(): void {
    if (this.running) this.recount();
  }

  private recount(): void {
    this.api.list({ state: 'open', owner: 'none', limit: COUNT_LIMIT + 1 }).subscribe({
      next: (page) => this.unowned.set(page.items.length),
      error: () => undefined,
    });
  }

  private notify(change: TicketChange): void {
    this.api.get(change.ticketId).subscribe({
      next: (ticket) => {
        const note = new Notification(`New ${ticket.severity} case ${ticket.number}`, {
          body: `${ticket.customerName}: ${ticket.title}`,
          tag: ticket.id,
        });
        note.onclick = () => {
          window.focus();
          void this.injector.get(Router).navigate(['/tickets', ticket.id]);
          note.close();
        };
      },
      error: () => undefined,
    });
  }

  /** The tab title: the page's own, after the count of unowned cases when there are any. */
  titleFor(base: string): string {
    const n = this.unowned();
    if (!n) return base;
    return `(${n > COUNT_LIMIT ? `${COUNT_LIMIT}+` : n}) ${base}`;
  }
}

function readAlertsPreference(): boolean {
  try {
    return localStorage.getItem(ALERTS_KEY) === '1' && notificationsGranted();
  } catch {
    return false;
  }
}

function notificationsGranted(): boolean {
  return typeof Notification !== 'undefined' && Notification.permission === 'granted';
}

/**
 * The tab title: whatever a page or the router sets, after the live count of unowned cases for staff (so a NOC
 * screen in another tab still shows that work is waiting). Provided in place of Angular's Title.
 */
@Injectable()
export class CountingTitle extends Title {
  private readonly base = signal('Tollgate');

  constructor() {
    super(inject(DOCUMENT));
    this.base.set(super.getTitle());
    const live = inject(LiveQueue);
    effect(() => super.setTitle(live.titleFor(this.base())));
  }

  override setTitle(title: string): void {
    this.base.set(title);
  }
}
