import { computed, DestroyRef, inject, linkedSignal, type Signal, signal, untracked } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import type { Observable, Subscription } from 'rxjs';
import { errorMessages } from './api-error';
import type { Page } from './page';

export interface PagedList<T> {
  readonly items: Signal<readonly T[]>;
  readonly hasMore: Signal<boolean>;
  /** The first page is loading (a new search, or a reload). */
  readonly loading: Signal<boolean>;
  readonly loadingMore: Signal<boolean>;
  readonly error: Signal<string[] | null>;
  loadMore(): void;
  reload(): void;
}

/**
 * A cursor-paged list: the first page follows `params` (a new search starts over), "Load more"
 * appends the next page. Create it in an injection context (a component field).
 */
export function pagedList<T, P>(options: {
  params: () => P;
  load: (params: P, cursor: string | null) => Observable<Page<T>>;
}): PagedList<T> {
  const firstPage = rxResource({
    params: options.params,
    stream: ({ params }) => options.load(params, null),
  });
  const first = computed(() => (firstPage.hasValue() ? firstPage.value() : undefined));
  // Pages fetched with "Load more"; any new first page (new params, reload) discards them.
  const more = linkedSignal<Page<T> | undefined, Page<T>[]>({ source: first, computation: () => [] });
  const loadingMore = signal(false);
  const moreError = signal<string[] | null>(null);
  let moreSubscription: Subscription | undefined;
  inject(DestroyRef).onDestroy(() => moreSubscription?.unsubscribe());

  const nextCursor = computed(() => {
    const pages = more();
    return pages.length > 0 ? pages[pages.length - 1].nextCursor : (first()?.nextCursor ?? null);
  });

  return {
    items: computed(() => [...(first()?.items ?? []), ...more().flatMap((page) => page.items)]),
    hasMore: computed(() => nextCursor() !== null),
    loading: firstPage.isLoading,
    loadingMore: loadingMore.asReadonly(),
    error: computed(() => {
      const failure = firstPage.error();
      return failure ? errorMessages(failure) : moreError();
    }),
    loadMore() {
      const cursor = untracked(nextCursor);
      if (!cursor || untracked(loadingMore)) return;
      const base = untracked(first);
      loadingMore.set(true);
      moreError.set(null);
      moreSubscription = options.load(untracked(options.params), cursor).subscribe({
        next: (page) => {
          // A page for a search the user has since replaced is dropped.
          if (untracked(first) === base) more.update((pages) => [...pages, page]);
        },
        error: (error: unknown) => {
          moreError.set(errorMessages(error));
          loadingMore.set(false);
        },
        complete: () => loadingMore.set(false),
      });
    },
    reload() {
      moreError.set(null);
      firstPage.reload();
    },
  };
}
