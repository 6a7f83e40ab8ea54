import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { errorMessages } from '../../core/api-error';
import {
  DATE_FORMATS,
  type DateFormat,
  type ImportProfile,
  MAPPED_FIELDS,
  type MappedField,
  type UnknownHeader,
} from '../cdr';
import { CdrsApi } from '../cdrs-api';

const PREVIEW_ROWS = 3;

/**
 * A file whose header the importer does not know: the user picks the column of each field once, sees the first
 * rows read that way, and saves it as an import profile; the page then imports the file through it.
 */
@Component({
  selector: 'tg-column-mapping',
  imports: [MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule],
  template: `
    <section class="mapping" aria-labelledby="mapping-heading">
      <h2 id="mapping-heading">Map the columns</h2>
      <p class="tg-muted">
        @if (headerless()) {
          The importer does not know this file, and its first line is a call, not a header. Pick the position of each
          field (called number, start and a duration or end are needed) and save it as an import profile: later files in
          this layout import with it.
        } @else {
          The importer does not know this file's header. Pick the column of each field (called number, start and a
          duration or end are needed) and save it as an import profile: later files in this layout import with it.
        }
      </p>
      <div class="fields">
        @for (f of fields; track f[0]) {
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>{{ f[1] }}</mat-label>
            <mat-select [value]="map()[f[0]] ?? ''" (valueChange)="pick(f[0], $event)">
              <mat-option value="">(not in the file)</mat-option>
              @for (column of options(); track column.value) {
                <mat-option [value]="column.value">{{ column.label }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
        }
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Date format</mat-label>
          <mat-select [value]="dateFormat()" (valueChange)="dateFormat.set($event)">
            @for (d of dateFormats; track d) {
              <mat-option [value]="d">{{ d === 'iso' ? 'ISO (2025-05-14 09:00:00)' : d }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Time zone</mat-label>
          <input matInput [value]="timeZone()" (input)="timeZone.set(value($event))" placeholder="Europe/Madrid" />
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Home country</mat-label>
          <input matInput [value]="homeCountry()" (input)="homeCountry.set(value($event))" placeholder="ES" />
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Profile name</mat-label>
          <input matInput [value]="name()" (input)="name.set(value($event))" />
        </mat-form-field>
      </div>
      @if (preview().length) {
        <table class="preview" aria-label="Preview">
          <thead>
            <tr>
              <th>Called number</th>
              <th>Start</th>
              <th>Duration</th>
            </tr>
          </thead>
          <tbody>
            @for (row of preview(); track $index) {
              <tr>
                <td>{{ row.to }}</td>
                <td>{{ row.start }}</td>
                <td>{{ row.duration }}</td>
              </tr>
            }
          </tbody>
        </table>
      }
      @if (errors(); as messages) {
        <div class="tg-error" role="alert">
          @for (message of messages; track $index) {
            <div>{{ message }}</div>
          }
        </div>
      }
      <button mat-flat-button type="button" [disabled]="saving()" (click)="save()">Save profile and import</button>
    </section>
  `,
  styles: `
    .mapping {
      display: flex;
      flex-direction: column;
      gap: 12px;
      padding: 16px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
      max-width: 900px;
    }
    .fields {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(200px, 1fr));
      gap: 8px 12px;
    }
    .preview td,
    .preview th {
      padding: 4px 12px 4px 0;
      text-align: left;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ColumnMapping {
  private readonly api = inject(CdrsApi);

  readonly header = input.required<UnknownHeader>();
  /** The file has no header: `header().columns` is its first row, and fields are mapped to positions. */
  readonly headerless = input(false);
  /** The first lines of the file, for the preview. */
  readonly sample = input<string>('');
  readonly fileName = input<string>('');
  /** The saved profile: the page imports the file through it. */
  readonly saved = output<ImportProfile>();

  protected readonly fields = MAPPED_FIELDS;
  protected readonly dateFormats = DATE_FORMATS;
  private readonly picked = signal<Partial<Record<MappedField, string>> | null>(null);
  protected readonly map = computed(() => this.picked() ?? { ...this.header().recognised });
  protected readonly dateFormat = signal<DateFormat>('iso');
  protected readonly timeZone = signal('');
  protected readonly homeCountry = signal('');
  protected readonly name = signal('');
  protected readonly saving = signal(false);
  protected readonly errors = signal<string[] | null>(null);

  /** What each select offers: a header's column names, or a headerless file's positions with the first row's values. */
  protected readonly options = computed(() =>
    this.headerless()
      ? this.header().columns.map((v, i) => ({ value: String(i + 1), label: `Column ${i + 1}${v ? ` — ${v}` : ''}` }))
      : this.header().columns.map((c) => ({ value: c, label: c })),
  );

  protected readonly preview = computed(() => {
    const headerless = this.headerless();
    const lines = this.sample()
      .split(/\r?\n/)
      .filter(Boolean)
      .slice(headerless ? 0 : 1, PREVIEW_ROWS + (headerless ? 0 : 1));
    const columns = this.header().columns;
    const map = this.map();
    const cell = (cells: string[], field: MappedField) => {
      const chosen = map[field];
      const i = !chosen ? -1 : headerless ? Number(chosen) - 1 : columns.indexOf(chosen);
      return i === -1 ? '' : (cells[i] ?? '').trim().replace(/^"|"$/g, '');
    };
    return lines.map((line) => {
      const cells = line.split(',');
      return {
        to: cell(cells, 'to'),
        start: cell(cells, 'start'),
        duration: cell(cells, 'duration') || cell(cells, 'billsec'),
      };
    });
  });

  protected value(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected pick(field: MappedField, column: string): void {
    const next = { ...this.map() };
    if (column) next[field] = column;
    else delete next[field];
    this.picked.set(next);
  }

  protected save(): void {
    this.saving.set(true);
    this.errors.set(null);
    const name = this.name().trim() || this.fileName() || 'Imported layout';
    this.api
      .saveProfile({
        name,
        hasHeader: !this.headerless(),
        columns: this.headerless()
          ? Object.fromEntries(Object.entries(this.map()).map(([field, position]) => [field, Number(position)]))
          : this.map(),
        dateFormat: this.dateFormat(),
        ...(this.timeZone().trim() && { timeZone: this.timeZone().trim() }),
        ...(this.homeCountry().trim() && { homeCountry: this.homeCountry().trim().toUpperCase() }),
      })
      .subscribe({
        next: (profile) => {
          this.saving.set(false);
          this.saved.emit(profile);
        },
        error: (error: unknown) => {
          this.saving.set(false);
          this.errors.set(errorMessages(error));
        },
      });
  }
}
