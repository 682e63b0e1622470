// Create or edit a server group's health monitor. The API is the only judge of what is valid: the form sends what
// was typed (a number when it reads as one, the raw text otherwise) and shows the API's own message next to each
// field, so the console and the API can never disagree about the rules.

import { api, ApiError } from '../api.js';
import { h, heading, crumbs, fill } from '../ui.js';

// The pool protocol / monitor type matrix (docs/api.md); the API enforces it too.
const ALLOWED = {
  UDP: ['UDP_CONNECT'], QUIC: ['UDP_CONNECT'],
  TCP: ['TCP', 'HTTP', 'HTTPS'], IP: ['TCP', 'HTTP', 'HTTPS'],
  HTTP: ['TCP', 'HTTP', 'HTTPS', 'GRPC', 'TLS'], HTTPS: ['TCP', 'HTTP', 'HTTPS', 'GRPC', 'TLS'],
  GRPC: ['TCP', 'HTTP', 'HTTPS', 'GRPC', 'TLS'], TLS: ['TCP', 'HTTP', 'HTTPS', 'GRPC', 'TLS'],
};

// Which fields mean something for which type (others are hidden and not sent).
const APPLIES = {
  expected_codes: ['HTTP', 'HTTPS', 'GRPC'],
  url_path: ['HTTP', 'HTTPS'],
  http_method: ['HTTP', 'HTTPS'],
  domain_name: ['HTTP', 'HTTPS', 'TLS', 'GRPC'],
};

const FIELDS = [
  { name: 'name', label: 'Name', hint: 'Optional, up to 255 characters.' },
  { name: 'type', label: 'Type', select: true },
  { name: 'delay', label: 'Interval (delay)', number: true, hint: 'Seconds between checks, 1–50.' },
  { name: 'timeout', label: 'Timeout', number: true, hint: 'Seconds a check may take, 1–50.' },
  { name: 'max_retries', label: 'Healthy threshold (max_retries)', number: true, hint: 'Passed checks in a row to become Healthy, 1–10.' },
  { name: 'max_retries_down', label: 'Unhealthy threshold (max_retries_down)', number: true, hint: 'Failed checks in a row to become Unhealthy, 1–10 (default 3).' },
  { name: 'expected_codes', label: 'Expected codes', nullable: true, hint: 'e.g. 200, 200,202 or 200-299 (gRPC: status codes, default 0). Empty: the default.' },
  { name: 'url_path', label: 'URL path', nullable: true, hint: 'Starts with /, up to 80 characters. Empty: /.' },
  { name: 'http_method', label: 'HTTP method', select: true, nullable: true },
  { name: 'domain_name', label: 'Domain name', nullable: true, hint: 'Host header and TLS SNI. Empty: the member address.' },
  { name: 'monitor_port', label: 'Port', number: true, nullable: true, hint: "1–65535. Empty: each member's own port." },
];

export async function monitorFormPage(poolId) {
  const pool = await api.get(`/api/v1/pools/${poolId}`);
  const [monitor, lb] = await Promise.all([
    pool.healthmonitor_id ? api.get(`/api/v1/healthmonitors/${pool.healthmonitor_id}`) : Promise.resolve(null),
    api.get(`/api/v1/loadbalancers/${pool.loadbalancer_id}`).catch(() => null),
  ]);
  const types = ALLOWED[pool.protocol] ?? ['TCP', 'UDP_CONNECT', 'HTTP', 'HTTPS', 'TLS', 'GRPC'];
  const initial = monitor ?? { type: types.includes('HTTP') ? 'HTTP' : types[0], delay: 5, timeout: 3, max_retries: 3, max_retries_down: 3, admin_state_up: true };
  const inputs = {};
  const errors = {};
  const rows = {};
  const alert = h('p', { role: 'alert', class: 'form-alert' });

  for (const field of FIELDS) {
    const id = `field-${field.name}`;
    let input;
    if (field.name === 'type') {
      input = h('select', { id, name: 'type' }, types.map((type) => h('option', { value: type, selected: type === initial.type }, type)));
    } else if (field.name === 'http_method') {
      input = h('select', { id, name: 'http_method' }, ['GET', 'HEAD', 'POST'].map((method) =>
        h('option', { value: method, selected: method === (initial.http_method ?? 'GET') }, method)));
    } else {
      const value = initial[field.name];
      input = h('input', {
        id, name: field.name, type: 'text', value: value === null || value === undefined ? '' : String(value),
        inputmode: field.number ? 'numeric' : null, autocomplete: 'off', spellcheck: 'false',
      });
    }
    errors[field.name] = h('p', { id: `${id}-error`, class: 'field-error', 'data-error-for': field.name });
    const hint = field.hint ? h('p', { id: `${id}-hint`, class: 'hint' }, field.hint) : null;
    input.setAttribute('aria-describedby', [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' '));
    inputs[field.name] = input;
    rows[field.name] = h('div', { class: 'field' }, h('label', { for: id }, field.label), input, hint, errors[field.name]);
  }
  const enabled = h('input', { id: 'field-admin_state_up', name: 'admin_state_up', type: 'checkbox', checked: initial.admin_state_up !== false });
  errors.admin_state_up = h('p', { class: 'field-error', 'data-error-for': 'admin_state_up' });
  rows.admin_state_up = h('div', { class: 'field checkbox' }, enabled, h('label', { for: 'field-admin_state_up' }, 'Enabled (checks run)'), errors.admin_state_up);

  function applyType() {
    const type = inputs.type.value;
    for (const [name, applies] of Object.entries(APPLIES)) rows[name].hidden = !applies.includes(type);
  }
  inputs.type.addEventListener('change', applyType);
  applyType();

  function body() {
    const result = {};
    for (const field of FIELDS) {
      if (rows[field.name].hidden) continue;
      const raw = inputs[field.name].value.trim();
      if (raw === '') {
        // Left empty: nullable fields reset to their default; required ones are left out so the API says so.
        if (field.nullable && monitor) result[field.name] = null;
        else if (field.name === 'name') result.name = '';
        continue;
      }
      result[field.name] = field.number && /^-?\d+$/.test(raw) ? Number(raw) : raw;
    }
    result.admin_state_up = enabled.checked;
    if (!monitor) result.pool_id = poolId;
    return result;
  }

  function clearErrors() {
    alert.textContent = '';
    for (const [name, element] of Object.entries(errors)) {
      element.textContent = '';
      (inputs[name] ?? enabled).removeAttribute('aria-invalid');
    }
  }

  function showErrors(error) {
    const fieldErrors = error instanceof ApiError ? error.fieldErrors : {};
    const unplaced = [];
    let first = null;
    for (const [name, messages] of Object.entries(fieldErrors)) {
      const text = messages.join(' ');
      if (errors[name] && !rows[name].hidden) {
        errors[name].textContent = text;
        const control = inputs[name] ?? enabled;
        control.setAttribute('aria-invalid', 'true');
        first ??= control;
      } else {
        unplaced.push(`${name}: ${text}`);
      }
    }
    if (unplaced.length || !first) {
      alert.textContent = unplaced.length ? unplaced.join(' ') : error.message;
    } else {
      alert.textContent = 'Nothing was saved: correct the fields marked below.';
    }
    (first ?? alert).focus?.();
  }

  const save = h('button', { type: 'submit', class: 'primary' }, 'Save');
  const form = h('form', { 'data-testid': 'monitor-form', class: 'card form', novalidate: true },
    alert,
    FIELDS.map((field) => rows[field.name]),
    rows.admin_state_up,
    h('div', { class: 'form-actions' },
      save,
      h('a', { class: 'button secondary', href: `#/pools/${poolId}` }, 'Cancel'),
      monitor ? deleteButton(monitor, poolId, alert) : null));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors();
    save.disabled = true;
    try {
      if (monitor) await api.put(`/api/v1/healthmonitors/${monitor.id}`, body());
      else await api.post('/api/v1/healthmonitors', body());
      location.hash = `#/pools/${poolId}`;
    } catch (error) {
      showErrors(error);
    } finally {
      save.disabled = false;
    }
  });

  const poolName = pool.name || pool.id;
  const title = monitor ? 'Edit health monitor' : 'Create health monitor';
  return {
    title,
    element: h('section', { class: 'page narrow-page' },
      crumbs(['Load balancers', '#/loadbalancers'], lb ? [lb.name || lb.id, `#/loadbalancers/${lb.id}`] : null, [poolName, `#/pools/${poolId}`], [monitor ? 'Edit monitor' : 'Create monitor']),
      heading(title),
      h('p', { class: 'muted' }, `For server group ${poolName} (${pool.protocol}). Saved changes reach the checks at once.`),
      form),
  };
}

function deleteButton(monitor, poolId, alert) {
  let armed = false;
  const button = h('button', { type: 'button', class: 'danger' }, 'Delete monitor');
  button.addEventListener('click', async () => {
    if (!armed) {
      armed = true;
      button.textContent = 'Click again to delete (members will show Unavailable)';
      return;
    }
    try {
      await api.delete(`/api/v1/healthmonitors/${monitor.id}`);
      location.hash = `#/pools/${poolId}`;
    } catch (error) {
      fill(alert, error.message);
    }
  });
  return button;
}
