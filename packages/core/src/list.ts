import { InvalidInputError } from "./errors.js";

/** What a vendor's `listUsers` takes besides its own filters. */
export interface ListOptions {
  /** Records per request. Default: the vendor's largest page (fewest requests). */
  pageSize?: number;
  /** Stops the listing: the page in flight is cancelled and the iteration throws the abort reason. */
  signal?: AbortSignal;
}

/** Which page to fetch: both numberings, the vendor picks the one its API takes. */
export interface PageRequest {
  /** Records to skip: `(page - 1) * pageSize`. */
  offset: number;
  /** 1-based page number. */
  page: number;
  pageSize: number;
  /** Pass it to the request (`client.GET(path, { signal })`) so that an abort cancels the page in flight. */
  signal: AbortSignal | undefined;
}

/** One page as the vendor answered it. */
export interface Page<T> {
  items: readonly T[];
  /**
   * Whether another page may follow, when the vendor says so (a `HasNextPage` flag, a total).
   * Undefined: another page follows while this one was full.
   */
  more?: boolean;
}

/** How {@link paginate} pages one vendor's list. */
export interface PagerOptions<T> extends ListOptions {
  vendor: string;
  operation: string;
  /** The vendor's largest page: the default `pageSize` and its upper bound. */
  maxPageSize: number;
  /** The record's id: each id is yielded once. */
  idOf(item: T): string | number;
  /** Fetches one page (throws the typed error of a failed request). */
  fetchPage(request: PageRequest): Promise<Page<T>>;
}

function checkPageSize(options: PagerOptions<unknown>): number {
  const { pageSize = options.maxPageSize, maxPageSize, vendor, operation } = options;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > maxPageSize) {
    throw new InvalidInputError([{ path: "pageSize", message: `must be an integer from 1 to ${maxPageSize}` }], {
      vendor,
      operation,
    });
  }
  return pageSize;
}

/**
 * A lazy listing over a vendor's offset- or page-numbered list: one page is fetched when the
 * caller asks for the first record past the previous page, never ahead, so at most one page of
 * records is held; breaking out of `for await` fetches nothing more. The signal is checked before
 * each page and handed to its request. A bad `pageSize` is an InvalidInputError when the iteration
 * starts, before any request.
 *
 * Each id is yielded once: the ids already yielded are remembered (ids only, not records), so a
 * record pushed onto the next page by an insert (or moved by a change to the sort key) is not
 * repeated. What offset paging cannot give: a record deleted from an earlier page while the
 * listing runs shifts the rest back by one, so the first record of the next page is skipped; a
 * record created or moved behind the current offset is not seen. A listing is a view over a
 * moving set, not a snapshot: records created or deleted during it may or may not appear.
 */
export function paginate<T>(options: PagerOptions<T>): AsyncIterable<T> {
  return {
    async *[Symbol.asyncIterator]() {
      const pageSize = checkPageSize(options as PagerOptions<unknown>);
      const { signal, idOf, fetchPage } = options;
      const seen = new Set<string>();
      for (let page = 1; ; page++) {
        signal?.throwIfAborted();
        let answer: Page<T>;
        try {
          answer = await fetchPage({ offset: (page - 1) * pageSize, page, pageSize, signal });
        } catch (error) {
          signal?.throwIfAborted(); // the caller's abort as is, not the request error it caused
          throw error;
        }
        signal?.throwIfAborted();
        const { items, more } = answer;
        for (const item of items) {
          const id = String(idOf(item));
          if (seen.has(id)) continue;
          seen.add(id);
          yield item;
        }
        if (items.length === 0 || (more ?? items.length >= pageSize) === false) return;
      }
    },
  };
}

/** Drains a listing into an array (a convenience for small sets: it holds every record). */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}
