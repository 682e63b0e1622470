// A table that pages through an API list by marker (keyset paging: walking the pages never repeats or skips a row,
// even while rows are added), so a list of 10,000 members costs one page of 100 at a time.

import { h, emptyRow, replaceRows } from '../ui.js';

/**
 * headers: column headers (strings or { label, class }); load(marker) resolves to
 * { items, next_marker, total_count }; row(item) builds a <tr> (with data-key); empty: text when there are none (or a
 * function that returns it).
 */
export async function pagedTable({ headers, load, row, empty, attrs = {}, caption }) {
  const markers = [null];            // markers[i] opens page i
  let page = 0;
  let last = null;
  const tbody = h('tbody');
  const status = h('span', { class: 'pager-status', 'aria-live': 'polite' });
  const previous = h('button', { type: 'button', class: 'secondary' }, 'Previous page');
  const next = h('button', { type: 'button', class: 'secondary' }, 'Next page');
  const pager = h('div', { class: 'pager' }, previous, status, next);

  async function show(index) {
    const result = await load(markers[index]);
    page = index;
    last = result;
    markers[index + 1] = result.next_marker;
    const rows = result.items.map(row);
    replaceRows(tbody, rows.length ? rows : [emptyRow(headers.length, typeof empty === 'function' ? empty() : empty)]);
    const first = index * pageSize(result, index);
    status.textContent = result.total_count === 0
      ? ''
      : `${first + 1}–${first + result.items.length} of ${result.total_count}`;
    previous.disabled = index === 0;
    next.disabled = !result.next_marker;
    pager.hidden = index === 0 && !result.next_marker;
  }

  // Rows per page: what the first page held when there is more than one page.
  let size = null;
  function pageSize(result, index) {
    if (index === 0 && result.next_marker) size = result.items.length;
    return size ?? result.items.length;
  }

  previous.addEventListener('click', () => show(page - 1).then(() => focusTable()));
  next.addEventListener('click', () => show(page + 1).then(() => focusTable()));

  const tableElement = h('table', attrs,
    caption ? h('caption', { class: 'visually-hidden' }, caption) : null,
    h('thead', null, h('tr', null, headers.map((header) => typeof header === 'string'
      ? h('th', { scope: 'col' }, header)
      : h('th', { scope: 'col', class: header.class }, header.label)))),
    tbody);

  function focusTable() {
    tbody.querySelector('a')?.focus();
  }

  await show(0);
  return {
    element: h('div', { class: 'paged' }, h('div', { class: 'table-wrap' }, tableElement), pager),
    /** Re-reads the page on screen (live updates). */
    reload: () => show(page),
    /** Starts again from the first page (what load() answers has changed, e.g. a new filter). */
    restart: () => {
      markers.length = 1;
      size = null;
      return show(0);
    },
    get items() { return last?.items ?? []; },
  };
}
