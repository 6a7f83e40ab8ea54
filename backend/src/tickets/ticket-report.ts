import PDFDocument from 'pdfkit';
import { customerCountry, customerEntryTitle, customerRestriction, customerState } from '../common/customer-words.js';
import type { TimelineEntry } from './ticket-timeline.js';

export interface ReportData {
  /** The letterhead: who runs the NOC and how to reach it (OPERATOR_NAME, OPERATOR_CONTACT). */
  operator: { name: string; contact: string };
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
  /** The customer's copy: plain words only (common/customer-words.ts), no severity, checklist or NOC internals. */
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
const countryLabel = (alpha2: string | null) => (alpha2 && alpha2 !== '??' ? customerCountry(alpha2) : 'Unknown');

function staffTimelineLine(e: TimelineEntry): string {
  const move = e.fromState && e.toState && e.fromState !== e.toState ? ` (${e.fromState} -> ${e.toState})` : '';
  return `${e.type}${move} by ${e.actor.name}${detailOf(e, false)}`;
}

function customerTimelineLine(e: TimelineEntry): string {
  const by = e.actor.role === 'customer' ? 'you' : e.actor.role === 'system' ? 'automatic' : e.actor.name;
  return `${customerEntryTitle(e.type)} (${by})${detailOf(e, true)}`;
}

function detailOf(e: TimelineEntry, forCustomer: boolean): string {
  const p = e.payload as Record<string, any>;
  if (e.type === 'note') return `: ${String(p.body ?? '').slice(0, 300)}`;
  if (e.type === 'checklist') return `: ${p.item}${p.finding ? ` — ${p.finding}` : ''}`;
  if (p.message || p.reason) return `: ${String(p.message ?? p.reason).slice(0, 300)}`;
  if (forCustomer) {
    const blocks = (Array.isArray(p.restrictions) ? p.restrictions : Array.isArray(p.lifted) ? p.lifted : []) as {
      kind: string;
      value: string;
    }[];
    if (blocks.length) return `: ${blocks.map(customerRestriction).join('; ')}`;
  }
  return '';
}

interface Column {
  title: string;
  /** Points; `*` shares what is left of the 515 (A4 less margins). */
  width: number | '*';
  /** Fixed columns hold one line: a longer value is cut with an ellipsis, never wrapped mid-word. */
  oneLine?: boolean;
}

const PAD = 3;
const LETTERHEAD_RULE = '#1f3a5f';

export async function renderTicketReport(d: ReportData): Promise<Buffer> {
  const at = timeIn(d.timezone);
  // Buffered pages: the footer's "Page n of N" is written once N is known.
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 40, left: 40, right: 40, bottom: 56 },
    bufferPages: true,
    info: { Title: `${d.number} ${d.forCustomer ? customerTitle(d) : d.title}`, Author: d.operator.name },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const left = doc.page.margins.left;
  const contentWidth = doc.page.width - left - doc.page.margins.right;

  /** `text` cut with an ellipsis to fit `width` on one line. */
  const fit = (text: string, width: number): string => {
    if (doc.widthOfString(text) <= width) return text;
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (doc.widthOfString(`${text.slice(0, mid)}…`) <= width) lo = mid;
      else hi = mid - 1;
    }
    return `${text.slice(0, lo).trimEnd()}…`;
  };
  /** Wrapping text whose every word fits the width: lines break at spaces, a word too long is cut, not split. */
  const wrapSafe = (text: string, width: number): string =>
    text
      .split('\n')
      .map((line) =>
        line
          .split(' ')
          .map((word) => fit(word, width))
          .join(' '),
      )
      .join('\n');

  const heading = (text: string) => {
    doc.moveDown(0.8);
    if (doc.y + 60 > doc.page.maxY()) doc.addPage();
    doc.font('Helvetica-Bold').fontSize(12).text(text, left).font('Helvetica').fontSize(9).moveDown(0.3);
  };

  /** A table whose header row is drawn again at the top of every page it continues on. */
  const table = (columns: Column[], rows: string[][]) => {
    doc.font('Helvetica').fontSize(9);
    const fixed = columns.reduce((s, c) => s + (c.width === '*' ? 0 : c.width), 0);
    const stars = columns.filter((c) => c.width === '*').length;
    const widths = columns.map((c) => (c.width === '*' ? (contentWidth - fixed) / stars : c.width));
    const inner = widths.map((w) => w - 2 * PAD);
    const cellsOf = (cells: string[], bold: boolean) => {
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica');
      const texts = cells.map((t, i) =>
        columns[i].oneLine ? fit(t.replace(/\s+/g, ' '), inner[i]) : wrapSafe(t, inner[i]),
      );
      const height =
        Math.max(...texts.map((t, i) => (t ? doc.heightOfString(t, { width: inner[i] }) : doc.currentLineHeight()))) +
        2 * PAD;
      return { texts, height };
    };
    const draw = (cells: string[], header: boolean) => {
      const { texts, height } = cellsOf(cells, header);
      let y = doc.y;
      if (y + height > doc.page.maxY()) {
        doc.addPage();
        y = doc.y;
        if (!header) {
          drawHeader();
          y = doc.y;
        }
      }
      if (header) doc.rect(left, y, contentWidth, height).fill('#e8e8e8').fillColor('black');
      doc.font(header ? 'Helvetica-Bold' : 'Helvetica');
      let x = left;
      texts.forEach((t, i) => {
        doc.text(t, x + PAD, y + PAD, { width: inner[i], lineBreak: !columns[i].oneLine });
        x += widths[i];
      });
      doc
        .moveTo(left, y + height)
        .lineTo(left + contentWidth, y + height)
        .lineWidth(0.3)
        .strokeColor('#bbbbbb')
        .stroke();
      doc.x = left;
      doc.y = y + height;
    };
    const drawHeader = () =>
      draw(
        columns.map((c) => c.title),
        true,
      );
    // Keep the header with at least its first row.
    if (doc.y + 40 > doc.page.maxY()) doc.addPage();
    drawHeader();
    for (const row of rows) draw(row, false);
    doc.font('Helvetica').fontSize(9);
  };

  // Letterhead
  doc.font('Helvetica-Bold').fontSize(14).fillColor(LETTERHEAD_RULE).text(d.operator.name, left);
  doc.font('Helvetica').fontSize(9).fillColor('#444444');
  if (d.operator.contact) doc.text(d.operator.contact);
  doc.text(d.forCustomer ? 'Fraud case report' : 'Fraud case report (NOC copy)');
  doc
    .moveTo(left, doc.y + 4)
    .lineTo(left + contentWidth, doc.y + 4)
    .lineWidth(1.5)
    .strokeColor(LETTERHEAD_RULE)
    .stroke();
  doc.fillColor('black').moveDown(1.2);

  doc
    .font('Helvetica-Bold')
    .fontSize(16)
    .text(`${d.number} — ${d.forCustomer ? customerTitle(d) : d.title}`);
  doc.font('Helvetica').fontSize(10);
  doc.text(`Customer: ${d.customerName} (account ${d.accountCode})`);
  if (d.forCustomer) doc.text(`Status: ${customerState(d.state)}`);
  else doc.text(`State: ${d.state}    Severity: ${d.severity}`);
  doc.text(`Opened: ${at(d.openedAt)}    Closed: ${at(d.closedAt)}    (times in ${d.timezone})`);
  doc.text(`Calls between ${at(d.firstCallAt)} and ${at(d.lastCallAt)}`);
  doc.text(`Exposure: ${d.exposure.calls} calls, ${d.exposure.minutes.toFixed(2)} minutes, ${money(d.exposure.cost)}`);

  // The summary's first line is its title: said once, as the report's.
  const summary = d.forCustomer
    ? d.clientSummary.trim().split('\n').slice(1).join('\n').trim()
    : d.clientSummary.trim();
  if (summary) {
    heading('Summary');
    doc.text(wrapSafe(summary, contentWidth));
  }

  heading(d.forCustomer ? 'What is blocked' : 'Restrictions');
  if (d.restrictions.length) {
    if (d.forCustomer) {
      table(
        [
          { title: 'Blocked', width: '*' },
          { title: 'Now', width: 55, oneLine: true },
          { title: 'Since', width: 95, oneLine: true },
          { title: 'Until', width: 95, oneLine: true },
        ],
        d.restrictions.map((r) => [
          customerRestriction(r),
          r.status === 'active' ? 'blocked' : 'unblocked',
          at(r.created_at),
          r.lifted_at ? at(r.lifted_at) : '—',
        ]),
      );
    } else {
      table(
        [
          { title: 'Kind', width: 65, oneLine: true },
          { title: 'Value', width: 120 },
          { title: 'Status', width: 45, oneLine: true },
          { title: 'Placed', width: '*' },
          { title: 'Lifted', width: '*' },
        ],
        d.restrictions.map((r) => [
          r.kind,
          r.reason ? `${r.value}\nReason: ${r.reason}` : r.value,
          r.status,
          `${at(r.created_at)} by ${r.created_by_name}`,
          r.lifted_at ? `${at(r.lifted_at)} by ${r.lifted_by_name}` : '—',
        ]),
      );
    }
  } else doc.text(d.forCustomer ? 'Nothing is blocked.' : 'None.');

  heading('Destinations');
  if (d.destinations.length) {
    table(
      [
        { title: 'Country', width: 200, oneLine: true },
        { title: 'Calls', width: 80, oneLine: true },
        { title: 'Minutes', width: 80, oneLine: true },
        { title: 'Cost', width: 80, oneLine: true },
      ],
      d.destinations.map((x) => [countryLabel(x.country), String(x.calls), x.minutes.toFixed(2), money(x.cost)]),
    );
  } else doc.text('No call records linked.');

  heading(d.totalCalls > d.calls.length ? `Calls (first ${d.calls.length} of ${d.totalCalls})` : 'Calls');
  if (d.calls.length) {
    table(
      [
        { title: 'Started', width: 94, oneLine: true },
        { title: 'Caller', width: 78, oneLine: true },
        { title: 'Called', width: 86, oneLine: true },
        { title: 'Country', width: 76, oneLine: true },
        { title: 'Seconds', width: 44, oneLine: true },
        { title: 'Result', width: 66, oneLine: true },
        { title: 'Cost', width: '*', oneLine: true },
      ],
      d.calls.map((c) => [
        at(c.started_at),
        c.caller_number ?? '',
        c.called_e164 ?? c.called_number ?? '',
        c.country ? countryLabel(c.country) : '',
        String(c.billsec),
        c.disposition ?? '',
        c.cost === null || c.cost === undefined ? '' : money(Number(c.cost)),
      ]),
    );
  } else doc.text('No call records linked.');

  if (!d.forCustomer) {
    heading('Checklist findings');
    if (d.checklist.length) {
      table(
        [
          { title: 'Item', width: 230 },
          { title: 'Done', width: 35, oneLine: true },
          { title: 'Finding', width: '*' },
        ],
        d.checklist.map((c) => [c.item, c.checked ? 'yes' : 'no', c.finding ?? '']),
      );
    } else doc.text('No checklist.');
  }

  heading(d.forCustomer ? 'History' : 'Timeline');
  for (const e of d.timeline) {
    const line = d.forCustomer ? customerTimelineLine(e) : staffTimelineLine(e);
    doc.text(wrapSafe(`${at(e.at)}  ${line}`, contentWidth), left);
  }

  // Footer on every page, inside the bottom margin (lowered for the write so no page is added).
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - 36;
    doc.font('Helvetica').fontSize(8).fillColor('#555555');
    doc.text(`${d.operator.name} · ${d.number}`, left, y, { width: contentWidth / 2, lineBreak: false });
    doc.text(`Page ${i - range.start + 1} of ${range.count}`, left + contentWidth / 2, y, {
      width: contentWidth / 2,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

/** The customer's title: the first line of the client summary, never the detector's text with its rule. */
function customerTitle(d: ReportData): string {
  return d.clientSummary.trim().split('\n', 1)[0] || 'Unusual calls on your account';
}
