// Pieces more than one page shows: the list of members that need attention, and a monitor's settings.

import { h, definitions, since, stateBadge, memberName, endpointOf, dash, notice } from '../ui.js';

/**
 * The members that need attention (entries of GET /api/v1/health, worst and newest first), as a table whose body the
 * caller may refill on live updates. showPool adds the server group column (the overview).
 */
export function attentionTable(showPool) {
  const tbody = h('tbody');
  const element = h('div', { class: 'table-wrap' },
    h('table', { 'data-testid': 'non-healthy', class: 'stack' },
      h('caption', { class: 'visually-hidden' }, 'Members that are not Healthy'),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, 'Member'),
        showPool ? h('th', { scope: 'col', class: 'col-optional' }, 'Server group') : null,
        h('th', { scope: 'col' }, 'State'),
        h('th', { scope: 'col' }, 'Reason'),
        h('th', { scope: 'col' }, 'Since'))),
      tbody));
  return { element, tbody, columns: showPool ? 5 : 4 };
}

export function attentionRow(member, showPool) {
  return h('tr', { 'data-member-id': member.member_id, 'data-key': member.member_id },
    h('td', null,
      h('a', { href: `#/members/${member.member_id}` }, memberName(member)),
      member.name ? h('div', { class: 'sub' }, endpointOf(member)) : null,
      member.flapping ? h('span', { class: 'tag tag-warn' }, 'flapping') : null),
    showPool ? h('td', { class: 'col-optional' }, h('a', { href: `#/pools/${member.pool_id}` }, member.pool_name || member.pool_id)) : null,
    h('td', null, stateBadge(member.state)),
    h('td', { 'data-testid': 'reason' }, member.reason ?? member.reason_code ?? '—',
      member.reason_code ? h('div', { class: 'sub code' }, [member.reason_code, member.check_code].filter(Boolean).join(' · ')) : null),
    h('td', { 'data-testid': 'since' }, since(member.since)));
}

/** A monitor's settings, the way the API names them. */
export function monitorFacts(monitor) {
  if (!monitor) return notice('No health monitor: the members of this group are not checked and show Unavailable.', 'warn');
  const http = monitor.type === 'HTTP' || monitor.type === 'HTTPS';
  return definitions([
    ['Type', monitor.type],
    ['Interval', `${monitor.delay} s`],
    ['Timeout', `${monitor.timeout} s`],
    ['Healthy after', `${monitor.max_retries} passed check${monitor.max_retries === 1 ? '' : 's'} in a row`],
    ['Unhealthy after', `${monitor.max_retries_down} failed check${monitor.max_retries_down === 1 ? '' : 's'} in a row`],
    http || monitor.type === 'GRPC' ? ['Expected codes', dash(monitor.expected_codes)] : null,
    http ? ['Request', `${monitor.http_method ?? 'GET'} ${monitor.url_path ?? '/'}`] : null,
    http || monitor.type === 'TLS' || monitor.type === 'GRPC' ? ['Domain name', monitor.domain_name ?? h('span', { class: 'muted' }, 'the member address')] : null,
    ['Port', monitor.monitor_port ? String(monitor.monitor_port) : h('span', { class: 'muted' }, "each member's port")],
    ['Enabled', monitor.admin_state_up ? 'yes' : h('strong', null, 'no (members show Unavailable)')],
  ], { 'data-testid': 'monitor' });
}

