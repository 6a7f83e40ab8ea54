import PDFDocument from 'pdfkit';
import type { TimelineEntry } from './ticket-timeline.js';

export interface ReportData {
  number: string;
  state: string;
  title: string;
  severity: string;
  customerName: string;
  accountCode: string;
  timezone: string;
  openedAt: Date;
  closedAt: Date | null;
  firstCallAt: Date | null;
  lastCallAt: Date | null;
  exposure: { calls: number; minutes: number; cost: number };
  clientSummary: string;
  restrictions: {
    kind: string;
    value: string;
    status: string;
    created_by_name: string;
    created_at: Date;
    lifted_by_name: string | null;
    lifted_at: Date | null;
    /** Staff reports only: why a range outside the customer's inventory was blocked. */
    reason: string | null;
  }[];
  destinations: { country: string; calls: number; minutes: number; cost: number }[];
  calls: Record<string, any>[];
  totalCalls: number;
  checklist: { item: string; checked: boolean; finding: string | null; checked_by_name: string | null }[];
  timeline: TimelineEntry[];
  forCustomer: boolean;
}

/** Times in the customer's zone: that is how they read their own call records. */
function timeIn(tz: string) {
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });
  return (d: Date | string | null) => (d ? f.format(new Date(d)).replace(',', '') : '—');
}

const money = (n: number) => `$${n.toFixed(2)}`;

function timelineLine(e: TimelineEntry): string {
  const move = e.fromState && e.toState && e.fromState !== e.toState ? ` (${e.fromState} -> ${e.toState})` : '';
  const p = e.payload as Record<string, any>;
  const detail =
    e.type === 'note'
      ? `: ${String(p.body ?? '').slice(0, 300)}`
      : e.type === 'checklist'
        ? `: ${p.item}${p.finding ? ` — ${p.finding}` : ''}`
        : p.message || p.reason
          ? `: ${String(p.message ?? p.reason).slice(0, 300)}`
          : '';
  return `${e.type}${move} by ${e.actor.name}${detail}`;
}

export async function renderTicketReport(d: ReportData): Promise<Buffer> {
  const at = timeIn(d.timezone);
  const doc = new PDFDocument({ size: 'A4', margin: 40, info: { Title: `${d.number} ${d.title}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const heading = (text: string) =>
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(12).text(text).font('Helvetica').fontSize(9).moveDown(0.3);
  // Widths in points; A4 less margins is 515. `*` takes what is left.
  const table = (widths: (number | '*')[], rows: string[][]) =>
    doc.table({
      data: rows,
      columnStyles: widths.map((width) => ({ width })),
      defaultStyle: { padding: 3 },
      rowStyles: (i) => (i === 0 ? { backgroundColor: '#e8e8e8' } : undefined),
    });

  doc.font('Helvetica-Bold').fontSize(16).text(`${d.number} — ${d.title}`);
  doc.font('Helvetica').fontSize(10);
  doc.text(`Customer: ${d.customerName} (account ${d.accountCode})`);
  doc.text(`State: ${d.state}    Severity: ${d.severity}`);
  doc.text(`Opened: ${at(d.openedAt)}    Closed: ${at(d.closedAt)}    (times in ${d.timezone})`);
  doc.text(`Calls between ${at(d.firstCallAt)} and ${at(d.lastCallAt)}`);
  doc.text(`Exposure: ${d.exposure.calls} calls, ${d.exposure.minutes.toFixed(2)} minutes, ${money(d.exposure.cost)}`);

  if (d.clientSummary.trim()) {
    heading('Summary');
    doc.text(d.clientSummary.trim());
  }

  heading('Restrictions');
  if (d.restrictions.length) {
    table(
      [65, 120, 45, '*', '*'],
      [
        ['Kind', 'Value', 'Status', 'Placed', 'Lifted'],
        ...d.restrictions.map((r) => [
          r.kind,
          r.reason ? `${r.value}\nReason: ${r.reason}` : r.value,
          r.status,
          `${at(r.created_at)} by ${r.created_by_name}`,
          r.lifted_at ? `${at(r.lifted_at)} by ${r.lifted_by_name}` : '—',
        ]),
      ],
    );
  } else doc.text('None.');

  heading('Destinations');
  if (d.destinations.length) {
    table(
      [80, 80, 80, 80],
      [
        ['Country', 'Calls', 'Minutes', 'Cost'],
        ...d.destinations.map((x) => [x.country, String(x.calls), x.minutes.toFixed(2), money(x.cost)]),
      ],
    );
  } else doc.text('No call records linked.');

  heading(d.totalCalls > d.calls.length ? `Calls (first ${d.calls.length} of ${d.totalCalls})` : 'Calls');
  if (d.calls.length) {
    table(
      [100, 85, 85, 45, 45, 85, '*'],
      [
        ['Started', 'Caller', 'Called', 'Country', 'Seconds', 'Disposition', 'Cost'],
        ...d.calls.map((c) => [
          at(c.started_at),
          c.caller_number ?? '',
          c.called_e164 ?? c.called_number ?? '',
          c.country ?? '',
          String(c.billsec),
          c.disposition ?? '',
          c.cost === null || c.cost === undefined ? '' : money(Number(c.cost)),
        ]),
      ],
    );
  } else doc.text('No call records linked.');

  if (!d.forCustomer) {
    heading('Checklist findings');
    if (d.checklist.length) {
      table(
        [230, 35, '*'],
        [['Item', 'Done', 'Finding'], ...d.checklist.map((c) => [c.item, c.checked ? 'yes' : 'no', c.finding ?? ''])],
      );
    } else doc.text('No checklist.');
  }

  heading('Timeline');
  for (const e of d.timeline) doc.text(`${at(e.at)}  ${timelineLine(e)}`);

  doc.end();
  await done;
  return Buffer.concat(chunks);
}
