// DOM helpers. Everything the console shows goes through h(), which only ever creates elements and text nodes:
// data from the API (names, backend content, messages) is set as text, never parsed as markup.

/**
 * h('a', { href: '#/x', class: 'c', 'data-id': 1, onclick: fn }, 'text', child, [more])
 * Attributes whose value is null, undefined or false are left out; true sets an empty attribute.
 */
export function h(tag, attrs, ...children) {
  const element = document.createElement(tag);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (name.startsWith('on') && typeof value === 'function') {
        element.addEventListener(name.slice(2), value);
      } else if (name === 'class') {
        element.className = value;
      } else {
        element.setAttribute(name, value === true ? '' : String(value));
      }
    }
  }
  append(element, children);
  return element;
}

/** Appends children (strings become text nodes; null/false are skipped; arrays are flattened). */
export function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces every child of parent. */
export function fill(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

// The seed tables give the console text and colour of each state; the icon makes sure colour is never the only signal.
const MEMBER_STATES = {
  Healthy: { label: 'Healthy', icon: '✓', tone: 'ok' },
  Unhealthy: { label: 'Unhealthy', icon: '✕', tone: 'bad' },
  Initial: { label: 'Initializing', icon: '…', tone: 'info' },
  Unused: { label: 'Unused', icon: '○', tone: 'muted' },
  Unavailable: { label: 'Unavailable', icon: '⊘', tone: 'muted' },
};

const INSTANCE_STATES = {
  Ok: { label: 'Passed', icon: '✓', tone: 'ok' },
  Impaired: { label: 'Impaired', icon: '✕', tone: 'bad' },
  Warning: { label: 'Warning', icon: '!', tone: 'warn' },
  Maintaining: { label: 'Maintaining System', icon: '⚙', tone: 'info' },
  Initializing: { label: 'Initializing', icon: '…', tone: 'info' },
  InsufficientData: { label: 'Insufficient Data', icon: '?', tone: 'muted' },
  NotApplicable: { label: 'No Status', icon: '–', tone: 'muted' },
};

export const MEMBER_STATE_ORDER = ['Unhealthy', 'Initial', 'Unavailable', 'Unused', 'Healthy'];

/** The seed's word for a member state (Initial shows as Initializing). */
export function memberStateLabel(state) {
  return MEMBER_STATES[state]?.label ?? state;
}

/** A state badge: icon + text, coloured by tone; data-state keeps the API value. */
export function stateBadge(state, kind = 'member') {
  const table = kind === 'instance' ? INSTANCE_STATES : MEMBER_STATES;
  const meta = table[state] ?? { label: state ?? 'Unknown', icon: '?', tone: 'muted' };
  return h('span', { class: `state tone-${meta.tone}`, 'data-state': state },
    h('span', { class: 'icon', 'aria-hidden': 'true' }, meta.icon), meta.label);
}

/** "3 min", "2 h 5 min", "4 d 1 h" between then and now. */
export function duration(milliseconds) {
  let seconds = Math.max(0, Math.floor(milliseconds / 1000));
  if (seconds < 60) return `${seconds} s`;
  let minutes = Math.floor(seconds / 60);
  seconds %= 60;
  if (minutes < 60) return seconds && minutes < 10 ? `${minutes} min ${seconds} s` : `${minutes} min`;
  let hours = Math.floor(minutes / 60);
  minutes %= 60;
  if (hours < 24) return minutes ? `${hours} h ${minutes} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  hours %= 24;
  return hours ? `${days} d ${hours} h` : `${days} d`;
}

/** A <time> that says how long ago (or for how long) and keeps saying it: see tickDurations(). */
export function since(iso, prefix = 'for ') {
  if (!iso) return h('span', { class: 'muted' }, '—');
  const date = new Date(iso);
  return h('time', { datetime: iso, title: date.toLocaleString(), 'data-since': iso, 'data-prefix': prefix },
    prefix + duration(Date.now() - date.getTime()));
}

/** Refreshes every since() on the page (called every few seconds). */
export function tickDurations(root = document) {
  const now = Date.now();
  for (const time of root.querySelectorAll('time[data-since]')) {
    time.textContent = time.dataset.prefix + duration(now - new Date(time.dataset.since).getTime());
  }
}

/** An absolute time, local, with seconds. */
export function when(iso) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  const date = new Date(iso);
  return h('time', { datetime: iso }, date.toLocaleString(undefined, {
    year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }));
}

export function ms(value) {
  if (value === null || value === undefined) return '—';
  return value >= 100 ? `${Math.round(value)} ms` : `${value.toFixed(value >= 10 ? 1 : 2)} ms`;
}

export function dash(value) {
  return value === null || value === undefined || value === '' ? '—' : String(value);
}

/** A <dl> from [term, value] pairs (value: text or node). */
export function definitions(pairs, attrs = {}) {
  return h('dl', { class: 'facts', ...attrs },
    pairs.filter(Boolean).map(([term, value]) => [h('dt', null, term), h('dd', null, value)]));
}

/** A table in a scrolling wrapper (wide tables scroll inside it, never the page). */
export function table(headers, rows, attrs = {}) {
  return h('div', { class: 'table-wrap' },
    h('table', attrs,
      h('thead', null, h('tr', null, headers.map((header) => typeof header === 'string'
        ? h('th', { scope: 'col' }, header)
        : h('th', { scope: 'col', class: header.class }, header.label)))),
      h('tbody', null, rows)));
}

export function emptyRow(columns, text) {
  return h('tr', { class: 'empty' }, h('td', { colspan: columns }, text));
}

export function heading(text, ...extra) {
  return h('h1', { tabindex: '-1' }, text, ...extra);
}

/** A breadcrumb trail: [label, href] pairs, the last one the current page. */
export function crumbs(...items) {
  return h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' },
    h('ol', null, items.filter(Boolean).map(([label, href], index) => h('li', null,
      index === items.filter(Boolean).length - 1 || !href ? h('span', { 'aria-current': 'page' }, label) : h('a', { href }, label)))));
}

/** A readable name for a member: its name, else address:port. */
export function memberName(member) {
  const endpoint = endpointOf(member);
  return member.name ? member.name : endpoint;
}

export function endpointOf(member) {
  const address = member.address ?? '';
  return address.includes(':') ? `[${address}]:${member.protocol_port}` : `${address}:${member.protocol_port}`;
}

/** A small inline message (errors, empty states). */
export function notice(text, tone = 'info') {
  return h('p', { class: `notice notice-${tone}`, role: tone === 'bad' ? 'alert' : null }, text);
}

/** Counts of states as a compact list of badges: "3 ✓ Healthy · 1 ✕ Unhealthy". */
export function countSummary(counts) {
  const parts = MEMBER_STATE_ORDER.filter((state) => (counts?.[state] ?? 0) > 0)
    .map((state) => h('li', null, h('strong', null, String(counts[state])), ' ', stateBadge(state)));
  return parts.length ? h('ul', { class: 'count-summary' }, parts) : h('span', { class: 'muted' }, 'no members');
}

/**
 * Replaces a table body's rows, keeping keyboard focus: if focus was on a link or button inside a row with
 * data-key, the same control of the new row with that key gets it back.
 */
export function replaceRows(tbody, rows) {
  const active = document.activeElement;
  let key = null;
  let selector = null;
  if (active && tbody.contains(active)) {
    key = active.closest('tr')?.dataset.key ?? null;
    selector = active.dataset.focusKey ? `[data-focus-key="${active.dataset.focusKey}"]` : active.tagName.toLowerCase();
  }
  fill(tbody, rows);
  if (key !== null) {
    const row = [...tbody.rows].find((candidate) => candidate.dataset.key === key);
    row?.querySelector(selector)?.focus();
  }
}

/**
 * Coalesces bursts: the first call schedules fn after delay, later calls before it runs are absorbed, so a storm of
 * live events costs one re-read and the first change still shows within delay.
 */
export function coalesce(fn, delay) {
  let timer = null;
  const run = () => {
    if (timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      fn();
    }, delay);
  };
  run.cancel = () => {
    clearTimeout(timer);
    timer = null;
  };
  return run;
}
