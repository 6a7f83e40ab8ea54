import { ChangeDetectionStrategy, Component, input, booleanAttribute } from '@angular/core';
import { ZonedTimePipe } from '../../core/zoned-time';
import { formatBytes } from '../../core/format';
import {
  EVENT_LABELS,
  RESTRICTION_KIND_LABELS,
  type RestrictionKind,
  stateLabel,
  type TicketEventType,
  type TimelineEntry,
} from '../ticket';
import { customerEntryTitle, customerRestriction, customerState } from '../../portal/customer-words';

const ENTRY_LABELS: Record<string, string> = {
  opened: 'Ticket opened',
  note: 'Note',
  detected_event: 'Detected event',
  checklist: 'Checklist',
  client_summary_edited: 'Client summary updated',
  attachment_added: 'File uploaded',
  PAGE_TIMEOUT: 'Page timed out',
  restriction_expired: 'Restriction expired, service restored',
};

/** Payload fields worth a line, in this order, with what to call them. */
const TEXT_FIELDS: [string, string][] = [
  ['summary', 'Summary'],
  ['reason', 'Reason'],
  ['message', 'Message'],
  ['body', ''],
];

/** A ticket's history, oldest first. Internal entries say so: customers never see them. */
@Component({
  selector: 'tg-timeline',
  imports: [ZonedTimePipe],
  templateUrl: './timeline.html',
  styleUrl: './timeline.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Timeline {
  readonly entries = input.required<readonly TimelineEntry[]>();
  /** Mark internal entries (staff view). */
  readonly markInternal = input(true);
  /** The customer's words (portal): no event or state names, no roles, restrictions said as what they block. */
  readonly forCustomer = input(false, { transform: booleanAttribute });
  /** The customer's zone, written beside the viewer's when it differs. */
  readonly customerZone = input<string | null>(null);

  protected title(entry: TimelineEntry): string {
    if (this.forCustomer()) return customerEntryTitle(entry.type);
    return EVENT_LABELS[entry.type as TicketEventType] ?? ENTRY_LABELS[entry.type] ?? entry.type.replaceAll('_', ' ');
  }

  protected actor(entry: TimelineEntry): string {
    const { name, role } = entry.actor;
    if (this.forCustomer()) return role === 'customer' ? `${name} (you)` : role === 'system' ? 'Automatic' : name;
    return role === 'system' ? name : `${name} (${role})`;
  }

  protected transition(entry: TimelineEntry): string | null {
    if (!entry.toState || entry.fromState === entry.toState) return null;
    if (this.forCustomer()) return customerState(entry.toState);
    return entry.fromState
      ? `${stateLabel(entry.fromState)} → ${stateLabel(entry.toState)}`
      : stateLabel(entry.toState);
  }

  protected lines(entry: TimelineEntry): { label: string; text: string }[] {
    const payload = entry.payload;
    const lines: { label: string; text: string }[] = [];
    const verdict = payload['verdict'];
    if (verdict === 'fraudulent') lines.push({ label: 'Verdict', text: 'Fraudulent – the source has been removed' });
    if (verdict === 'legitimate') lines.push({ label: 'Verdict', text: 'Legitimate – the charges are accepted' });
    if (entry.type === 'attachment_added' && typeof payload['filename'] === 'string') {
      const size = payload['sizeBytes'];
      lines.push({
        label: 'File',
        text: typeof size === 'number' ? `${payload['filename']} (${formatBytes(size)})` : payload['filename'],
      });
    }
    if (entry.type === 'checklist' && typeof payload['item'] === 'string') {
      lines.push({ label: payload['checked'] ? 'Checked' : 'Unchecked', text: payload['item'] });
      const finding = payload['finding'];
      if (typeof finding === 'string' && finding.trim()) lines.push({ label: 'Finding', text: finding });
    }
    for (const [field, label] of TEXT_FIELDS) {
      const value = payload[field];
      if (typeof value === 'string' && value.trim()) lines.push({ label, text: value });
    }
    const restrictions = payload['restrictions'];
    if (Array.isArray(restrictions) && restrictions.length > 0) {
      lines.push(
        this.forCustomer()
          ? { label: 'Blocked', text: restrictions.map(describeForCustomer).join('; ') }
          : { label: 'Restrictions', text: restrictions.map(describeRestriction).join(', ') },
      );
    }
    const retimed = payload['retimed'];
    if (Array.isArray(retimed) && retimed.length > 0) {
      lines.push({ label: 'New end', text: retimed.map(describeEnd).join(', ') });
    }
    const lifted = payload['lifted'];
    if (Array.isArray(lifted) && lifted.length > 0) {
      lines.push(
        this.forCustomer()
          ? { label: 'Unblocked', text: lifted.map(describeForCustomer).join('; ') }
          : { label: 'Lifted', text: lifted.map(describeRestriction).join(', ') },
      );
    }
    return lines;
  }
}

/** "Destination class caribbean: permanent" or "… until 2026-03-03T02:00:00.000Z". */
function describeEnd(value: unknown): string {
  const end = (value as { expiresAt?: string | null } | null)?.expiresAt;
  return `${describeRestriction(value)}: ${end ? `until ${end}` : 'permanent'}`;
}

function describeForCustomer(value: unknown): string {
  const r = value as { kind?: string; value?: string } | null;
  return r?.kind && r.value ? customerRestriction({ kind: r.kind, value: r.value }) : '';
}

function describeRestriction(value: unknown): string {
  if (typeof value === 'string') return value;
  const r = value as { kind?: string; value?: string } | null;
  if (!r?.value) return '';
  return `${RESTRICTION_KIND_LABELS[r.kind as RestrictionKind] ?? r.kind ?? ''} ${r.value}`.trim();
}
