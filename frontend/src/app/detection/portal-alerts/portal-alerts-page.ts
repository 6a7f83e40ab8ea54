import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { AuthService } from '../../auth/auth.service';
import { DetectionSettingsPanel } from '../detection-settings/detection-settings-panel';

/** A customer user's alert settings: who is mailed, from which level, and the snooze. */
@Component({
  selector: 'tg-portal-alerts-page',
  imports: [DetectionSettingsPanel],
  template: `
    <section class="tg-page">
      <header class="tg-page-header"><h1>Alerts</h1></header>
      @if (customerId(); as id) {
        <tg-detection-settings-panel [customerId]="id" />
      }
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PortalAlertsPage {
  private readonly auth = inject(AuthService);
  protected readonly customerId = computed(() => this.auth.currentUser()?.customerId ?? undefined);
}
