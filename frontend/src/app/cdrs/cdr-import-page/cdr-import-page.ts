import { DatePipe } from '@angular/common';
import { HttpErrorResponse, HttpEventType } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { catchError, map, of, type Subscription } from 'rxjs';
import { errorCode, errorMessages } from '../../core/api-error';
import { formatCount } from '../../core/format';
import { pagedList } from '../../core/paged-list';
import { matchTimeZones, timeZoneValidator } from '../../customers/time-zones';
import {
  CDR_FORMATS,
  type CdrFormat,
  FORMAT_LABELS,
  type ImportOptions,
  type ImportProfile,
  type ImportReport,
  type SuggestedProfile,
  type UnknownHeader,
  importOutcome,
} from '../cdr';
import { ColumnMapping } from './column-mapping';
import { CdrsApi } from '../cdrs-api';

/** Formats whose files carry local times (and so need a zone); generic CSV has ISO times. */
const LOCAL_TIME_FORMATS: readonly CdrFormat[] = ['auto', 'asterisk', 'freeswitch'];

type UploadPhase = 'idle' | 'uploading' | 'processing' | 'done' | 'failed';

@Component({
  selector: 'tg-cdr-import-page',
  imports: [
    DatePipe,
    ReactiveFormsModule,
    RouterLink,
    MatAutocompleteModule,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    MatTableModule,
    ColumnMapping,
  ],
  templateUrl: './cdr-import-page.html',
  styleUrl: './cdr-import-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CdrImportPage {
  private readonly api = inject(CdrsApi);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly formats = CDR_FORMATS;
  protected readonly formatLabels = FORMAT_LABELS;
  protected readonly form = this.fb.group({
    format: this.fb.control<CdrFormat>('auto'),
    /** An import profile's id ('' for none): the file is read through its column map. */
    profile: '',
    timeZone: ['', timeZoneValidator],
    userfieldIsSourceIp: false,
  });
  private readonly format = toSignal(this.form.controls.format.valueChanges, { initialValue: 'auto' as CdrFormat });
  private readonly profileId = toSignal(this.form.controls.profile.valueChanges, { initialValue: '' });
  /** The built-in profiles, then the saved ones; none when they cannot be read (the upload still works). */
  private readonly listedProfiles = toSignal(
    this.api.profiles().pipe(
      map((page) => page.items),
      catchError(() => of([] as ImportProfile[])),
    ),
    { initialValue: [] as ImportProfile[] },
  );
  /** Profiles saved on this page since it loaded: chosen at once, so the select must show them. */
  private readonly savedHere = signal<ImportProfile[]>([]);
  protected readonly profiles = computed(() => [...this.listedProfiles(), ...this.savedHere()]);
  protected readonly builtInProfiles = computed(() => this.profiles().filter((p) => p.builtIn));
  protected readonly savedProfiles = computed(() => this.profiles().filter((p) => !p.builtIn));
  protected readonly chosenProfile = computed(() => this.profiles().find((p) => p.id === this.profileId()) ?? null);
  protected readonly localTimes = computed(() => !!this.profileId() || LOCAL_TIME_FORMATS.includes(this.format()));
  protected readonly asterisk = computed(
    () => !this.profileId() && (this.format() === 'auto' || this.format() === 'asterisk'),
  );
  private readonly timeZoneText = toSignal(this.form.controls.timeZone.valueChanges, { initialValue: '' });
  protected readonly timeZoneOptions = computed(() => matchTimeZones(this.timeZoneText()));

  protected readonly file = signal<File | null>(null);
  protected readonly fileMissing = signal(false);
  protected readonly phase = signal<UploadPhase>('idle');
  protected readonly percent = signal(0);
  protected readonly report = signal<ImportReport | null>(null);
  protected readonly errors = signal<string[] | null>(null);
  /** The last upload's header was unknown: what the server said about it, for the mapping form. */
  protected readonly unknownHeader = signal<UnknownHeader | null>(null);
  /** The refused file's first line is a call, not a header: it is mapped by position. */
  protected readonly headerless = signal(false);
  /** Built-in profiles the server found that read the refused file. */
  protected readonly suggestions = signal<SuggestedProfile[]>([]);
  protected readonly sample = signal('');
  protected readonly busy = computed(() => this.phase() === 'uploading' || this.phase() === 'processing');
  /** The profile the shown report's file was read through: its name says more than "CSV". */
  protected readonly reportProfile = signal<ImportProfile | null>(null);
  protected readonly usageLink = computed(() => {
    const customers = this.report()?.customers ?? [];
    return customers.length === 1 ? { customerId: customers[0].id } : {};
  });
  protected readonly errorColumns = ['line', 'reason'];

  protected readonly imports = pagedList({
    params: () => ({}),
    load: (_params, cursor) => this.api.imports({ cursor, limit: 20 }),
  });
  protected readonly importColumns = [
    'startedAt',
    'filename',
    'format',
    'status',
    'rows',
    'imported',
    'duplicates',
    'rejected',
    'unassigned',
    'createdBy',
  ];
  protected readonly count = formatCount;
  protected readonly outcomeOf = importOutcome;

  private upload$: Subscription | undefined;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.upload$?.unsubscribe());
  }

  protected chooseFile(input: HTMLInputElement): void {
    this.file.set(input.files?.item(0) ?? null);
    this.fileMissing.set(false);
  }

  /** A profile was saved here: it joins the list, and the file is imported through it. */
  protected saved(profile: ImportProfile): void {
    this.savedHere.update((list) => [...list, profile]);
    this.importWith(profile);
  }

  /** A profile was saved or suggested: the same file is imported through it (and it stays chosen). */
  protected importWith(profile: { id: string }): void {
    this.unknownHeader.set(null);
    this.form.controls.profile.setValue(profile.id);
    this.upload(profile.id);
  }

  protected upload(profile?: string): void {
    const file = this.file();
    if (!file) {
      this.fileMissing.set(true);
      return;
    }
    if (this.form.invalid || this.busy()) {
      this.form.markAllAsTouched();
      return;
    }
    this.phase.set('uploading');
    this.percent.set(0);
    this.report.set(null);
    this.errors.set(null);
    this.unknownHeader.set(null);
    this.suggestions.set([]);
    const options = { ...this.options(), ...(profile && { profile }) };
    this.upload$ = this.api.upload(file, options).subscribe({
      next: (event) => {
        if (event.type === HttpEventType.UploadProgress) {
          const total = event.total ?? file.size;
          this.percent.set(total > 0 ? Math.min(100, Math.round((100 * event.loaded) / total)) : 0);
          // Sent in full: the server is parsing and storing it now.
          if (event.loaded >= total) this.phase.set('processing');
        } else if (event.type === HttpEventType.Response) {
          this.percent.set(100);
          const used = options.profile ?? null;
          this.reportProfile.set(this.profiles().find((p) => p.id === used) ?? null);
          this.report.set(event.body);
          this.phase.set('done');
          this.imports.reload();
        }
      },
      error: (error: unknown) => {
        this.errors.set(errorMessages(error));
        this.phase.set('failed');
        const body = error instanceof HttpErrorResponse ? error.error : null;
        const code = errorCode(error);
        if (code === 'cdr_header_invalid' && body?.columns) {
          this.headerless.set(false);
          this.unknownHeader.set(body as UnknownHeader);
        } else if (code === 'cdr_format_unknown' && Array.isArray(body?.firstRow)) {
          this.headerless.set(true);
          this.unknownHeader.set({ columns: body.firstRow, recognised: {}, needs: [] });
        }
        if (this.unknownHeader()) {
          this.suggestions.set(body?.suggestedProfiles ?? []);
          void file
            .slice(0, 16 * 1024)
            .text()
            .then((text) => this.sample.set(text));
        }
        this.imports.reload();
      },
    });
  }

  private options(): ImportOptions {
    const { format, timeZone, userfieldIsSourceIp, profile } = this.form.getRawValue();
    const options: ImportOptions = { format: profile ? 'generic' : format };
    if (profile) options.profile = profile;
    if (this.localTimes() && timeZone.trim()) options.timeZone = timeZone.trim();
    if (this.asterisk()) options.userfieldIsSourceIp = userfieldIsSourceIp;
    return options;
  }
}
