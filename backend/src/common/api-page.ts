import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import type { Page } from './pagination.js';

/**
 * The OpenAPI schema of a list endpoint's answer, `{items, nextCursor}`. Swagger has no generics, so
 * each list names its own class: `export class CdrPage extends pageOf(Cdr) {}`.
 */
export function pageOf<T>(item: Type<T>): Type<Page<T>> {
  class PageOf implements Page<T> {
    @ApiProperty({ type: [item] })
    items: T[];

    @ApiProperty({
      type: String,
      nullable: true,
      description: 'Pass as `cursor` for the next page; null on the last page',
    })
    nextCursor: string | null;
  }
  return PageOf;
}
