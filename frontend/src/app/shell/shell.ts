import { BreakpointObserver } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatListModule } from '@angular/material/list';
import { MatSidenavModule } from '@angular/material/sidenav';
import { MatToolbarModule } from '@angular/material/toolbar';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { map } from 'rxjs';
import { AuthService } from '../auth/auth.service';
import { ROLE_LABELS } from '../auth/user';
import { LiveQueue } from '../tickets/live-queue';
import { navFor } from './nav';

@Component({
  selector: 'tg-shell',
  imports: [
    RouterOutlet,
    RouterLink,
    RouterLinkActive,
    MatToolbarModule,
    MatSidenavModule,
    MatListModule,
    MatButtonModule,
    MatIconModule,
  ],
  templateUrl: './shell.html',
  styleUrl: './shell.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Shell {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  protected readonly user = this.auth.currentUser;
  protected readonly roleLabel = computed(() => {
    const user = this.user();
    return user ? ROLE_LABELS[user.role] : '';
  });
  protected readonly sections = computed(() => {
    const user = this.user();
    return user ? navFor(user) : [];
  });

  protected readonly narrow = toSignal(
    inject(BreakpointObserver)
      .observe('(max-width: 840px)')
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );
  private readonly navToggled = signal<boolean | null>(null);
  /** Open on wide screens unless closed; on narrow ones only when asked. */
  protected readonly navOpen = computed(() => this.navToggled() ?? !this.narrow());

  constructor() {
    // Staff hear of new and changed cases wherever they are: the tab title counts the unowned ones.
    const role = this.user()?.role;
    if (role && role !== 'customer') inject(LiveQueue).start(inject(DestroyRef));
  }

  protected toggleNav(): void {
    this.navToggled.set(!this.navOpen());
  }

  protected closeNavIfOverlay(): void {
    if (this.narrow()) this.navToggled.set(false);
  }

  /** Keyboard users pass the toolbar and the navigation; the router never sees the fragment. */
  protected skipToMain(event: Event): void {
    event.preventDefault();
    document.getElementById('main')?.focus();
  }

  protected signOut(): void {
    this.auth.signOut().subscribe({
      complete: () => void this.router.navigate(['/login']),
      error: () => void this.router.navigate(['/login']),
    });
  }
}
