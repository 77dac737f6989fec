#!/usr/bin/env node
// Fjord attack and fault suite (issue #12): a repeatable run of the attacks of the issue against a
// running Fjord started with the README's command (demo profile). Node 20, no npm dependencies.
// Every request goes to the given base URL (loopback only); every loop is bounded in count and time.
// See README.md next to this file for what each check does and how to run it.

import net from 'node:net';
import { spawn } from 'node:child_process';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

// ---------------------------------------------------------------------------------------------
// Options

const DEFAULTS = {
  base: 'http://localhost:8080',
  'loader-client': 'demo-loader',
  'loader-secret': 'demo-loader-secret',
  'app-client': 'demo-app',
  'app-redirect': 'http://127.0.0.1/callback',
  'patient-user': 'pasient',
  'patient-password': 'pasient',
  'patient-id': 'demo-pasient',
  'practitioner-user': 'lege',
  'practitioner-password': 'lege',
  'practitioner-id': 'demo-lege',
  'admin-client': 'fjord-admin',
  'admin-secret': '',
  'admin-secret-file': './data/admin-client-secret',
  'slow-connections': '50',
  faults: '',
  'server-pid': '',
  'data-dir': '',
  restart: '',
  'restart-timeout': '900',
  'stop-leftover-postmaster': '',
  only: '',
  skip: '',
};

function parseArgs(argv) {
  const options = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      options.help = true;
      continue;
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match || !(match[1] in DEFAULTS)) {
      throw new Error(`Unknown argument ${arg} (try --help)`);
    }
    if (['faults', 'stop-leftover-postmaster'].includes(match[1]) && match[2] === undefined) {
      options[match[1]] = 'yes'; // a flag
      continue;
    }
    options[match[1]] = match[2] !== undefined ? match[2] : argv[++i];
  }
  options.base = options.base.replace(/\/+$/, '');
  const host = new URL(options.base).hostname;
  if (!['localhost', '127.0.0.1', '[::1]', '::1'].includes(host)) {
    throw new Error(`--base must be a loopback address, not ${host}: this suite attacks the server it is given`);
  }
  return options;
}

const USAGE = `Usage: node examples/attack/attack-suite.mjs [--key value]...
${Object.entries(DEFAULTS).map(([k, v]) => `  --${k.padEnd(22)} default: ${v === '' ? '(none)' : v}`).join('\n')}
--only / --skip take comma-separated check ids or items (e.g. --only 1,3,14 runs 1a-1c, 3a, 3b, 14a-14c).
--faults runs the fault checks (F*) instead: it kill -9s the server (--server-pid, the JVM) and its embedded
PostgreSQL (found in --data-dir/postmaster.pid) during writes and starts it again with --restart (a shell command).`;

let opts;
try {
  opts = parseArgs(process.argv.slice(2));
} catch (e) {
  console.error(e.message);
  process.exit(2);
}
if (opts.help) {
  console.log(USAGE);
  process.exit(0);
}
const BASE = opts.base;
const FHIR = `${BASE}/fhir`;
const BASE_URL = new URL(BASE);
const PORT = Number(BASE_URL.port || 80);
const HOST = BASE_URL.hostname.replace(/^\[|\]$/g, '');
const RUN = `atk${Date.now().toString(36)}`;
const FHIR_JSON = 'application/fhir+json';

// ---------------------------------------------------------------------------------------------
// HTTP

/** One request; never throws for HTTP errors. `body` may be an object (sent as FHIR JSON), string or Buffer. */
async function http(method, url, { token, headers = {}, body, timeout = 60000, redirect = 'manual' } = {}) {
  const h = { Accept: FHIR_JSON, ...headers };
  if (token) h.Authorization = `Bearer ${token}`;
  let payload = body;
  if (body !== undefined && typeof body === 'object' && !Buffer.isBuffer(body)) {
    payload = JSON.stringify(body);
    h['Content-Type'] ??= FHIR_JSON;
  }
  const started = performance.now();
  try {
    const response = await fetch(url.startsWith('http') ? url : FHIR + url, {
      method, headers: h, body: payload, redirect, signal: AbortSignal.timeout(timeout),
    });
    const text = await response.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    return { status: response.status, headers: response.headers, text, json, ms: performance.now() - started };
  } catch (e) {
    return { status: 0, error: e.cause?.code ?? e.name ?? String(e), text: '', json: null, headers: new Headers(),
      ms: performance.now() - started };
  }
}

const get = (path, token, headers) => http('GET', path, { token, headers });

/** A raw HTTP/1.1 exchange on a socket (for bytes fetch will not send); resolves with status line and body. */
function rawRequest(bytes, timeout = 15000) {
  return new Promise((resolve) => {
    const socket = net.connect(PORT, HOST);
    const chunks = [];
    const timer = setTimeout(() => { socket.destroy(); finish('timeout'); }, timeout);
    let done = false;
    function finish(error) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const status = Number(/^HTTP\/1\.\d (\d{3})/.exec(text)?.[1] ?? 0);
      const split = text.indexOf('\r\n\r\n');
      resolve({ status, head: text.slice(0, split), body: split < 0 ? '' : text.slice(split + 4), error });
    }
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (d) => chunks.push(d));
    socket.on('end', () => finish());
    socket.on('close', () => finish());
    socket.on('error', (e) => finish(e.code));
  });
}

const isOperationOutcome = (r) => r.json?.resourceType === 'OperationOutcome'
  || /"resourceType"\s*:\s*"OperationOutcome"/.test(r.text ?? r.body ?? '');
const isHtml = (text) => /<html|<!doctype html/i.test(text ?? '');
const entries = (bundle) => bundle?.entry ?? [];
const count = (items, predicate) => items.filter(predicate).length;
const histogram = (values) => Object.entries(values.reduce((m, v) => ((m[v] = (m[v] ?? 0) + 1), m), {}))
  .map(([k, v]) => `${k}×${v}`).join(' ');
const ms = (value) => `${Math.round(value)} ms`;
const sleep = (millis) => new Promise((r) => setTimeout(r, millis));
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN;
};

// ---------------------------------------------------------------------------------------------
// Tokens

async function clientCredentials(client, secret, scope) {
  const r = await http('POST', `${BASE}/oauth2/token`, {
    headers: {
      Authorization: `Basic ${Buffer.from(`${client}:${secret}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope }).toString(),
  });
  if (r.status !== 200 || !r.json?.access_token) {
    throw new Error(`client_credentials for ${client}: ${r.status} ${r.error ?? r.text.slice(0, 200)}`);
  }
  return r.json.access_token;
}

function jwtClaims(token) {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
  } catch {
    return {};
  }
}

/** A browser without JavaScript: a cookie jar, redirects followed one by one, forms read from the HTML. */
class Browser {
  constructor() {
    this.cookies = new Map();
    this.setCookies = [];
    this.verifier = crypto.randomBytes(32).toString('base64url');
    this.challenge = crypto.createHash('sha256').update(this.verifier).digest('base64url');
    this.state = crypto.randomBytes(8).toString('hex');
  }

  async request(method, url, form) {
    const absolute = new URL(url, BASE).toString();
    if (new URL(absolute).host !== BASE_URL.host) {
      throw new Error(`refusing to follow ${absolute} off the server`);
    }
    const headers = { Accept: 'text/html' };
    if (this.cookies.size) headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body;
    if (form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) for (const one of [].concat(v)) params.append(k, one);
      body = params.toString();
    }
    const response = await fetch(absolute, { method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(30000) });
    for (const cookie of response.headers.getSetCookie()) {
      this.setCookies.push(cookie);
      const [pair] = cookie.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    return { status: response.status, location: response.headers.get('location'), text: await response.text(), url: absolute };
  }

  authorizeUrl(scope, extra = {}) {
    return `${BASE}/oauth2/authorize?${new URLSearchParams({
      response_type: 'code', client_id: opts['app-client'], redirect_uri: opts['app-redirect'], scope,
      state: this.state, aud: FHIR, code_challenge: this.challenge, code_challenge_method: 'S256', ...extra,
    })}`;
  }

  /** Follows redirects, logging in when asked, until a page is shown or the app's redirect URI is reached. */
  async browse(url, user, password) {
    let response = await this.request('GET', url);
    for (let step = 0; step < 12; step++) {
      const location = response.location;
      if (response.status < 300 || response.status >= 400 || !location) return response;
      if (location.startsWith(opts['app-redirect'])) return response; // the code, caught without a listener
      const target = new URL(location, response.url);
      if (target.pathname === '/login' && !target.searchParams.has('error')) {
        const page = await this.request('GET', target.toString());
        response = await this.request('POST', '/login', {
          username: user, password, ...(hidden(page.text, '_csrf') ? { _csrf: hidden(page.text, '_csrf') } : {}),
        });
      } else {
        response = await this.request('GET', target.toString());
      }
    }
    throw new Error('too many redirects');
  }

  /** Approves every scope the consent page offers. */
  async approve(page) {
    const form = { client_id: hidden(page.text, 'client_id'), state: hidden(page.text, 'state'),
      scope: allValues(page.text, 'scope') };
    if (hidden(page.text, '_csrf')) form._csrf = hidden(page.text, '_csrf');
    return this.request('POST', '/oauth2/authorize', form);
  }

  async exchange(redirectResponse) {
    const location = redirectResponse.location ?? '';
    const code = location.startsWith(opts['app-redirect']) ? new URL(location).searchParams.get('code') : null;
    if (!code) {
      throw new Error(`no code in the redirect to the app (${redirectResponse.status} ${location.slice(0, 160)})`);
    }
    const r = await http('POST', `${BASE}/oauth2/token`, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: opts['app-client'], code,
        redirect_uri: opts['app-redirect'], code_verifier: this.verifier }).toString(),
    });
    if (r.status !== 200 || !r.json?.access_token) throw new Error(`code exchange: ${r.status} ${r.text.slice(0, 200)}`);
    return r.json;
  }

  /** The whole authorization code flow with PKCE: login, consent page, code, token response. */
  async authorize(user, password, scope) {
    let response = await this.browse(this.authorizeUrl(scope), user, password);
    if (response.status === 200 && /action="\/oauth2\/authorize"/.test(response.text)) {
      response = await this.approve(response);
    }
    return this.exchange(response);
  }
}

const unescapeHtml = (s) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<')
  .replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const hidden = (html, name) => {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  return m ? unescapeHtml(m[1]) : null;
};
const allValues = (html, name) => [...html.matchAll(new RegExp(`name="${name}" value="([^"]*)"`, 'g'))]
  .map((m) => unescapeHtml(m[1]));

// ---------------------------------------------------------------------------------------------
// Reporting

const results = { passed: 0, failed: 0, skipped: 0 };
class Skip extends Error {}
const selected = (id) => {
  // "1" selects 1a-1c, not 13-17
  const matches = (list) => list.split(',').filter(Boolean)
    .some((p) => id === p || (id.startsWith(p) && /^[a-z]+$/.test(id.slice(p.length))));
  return (!opts.only || matches(opts.only)) && !(opts.skip && matches(opts.skip));
};

function report(kind, id, what, figure) {
  results[{ PASS: 'passed', FAIL: 'failed', SKIP: 'skipped' }[kind]]++;
  console.log(`${kind} ${id} ${what} (${figure})`);
}

/** Runs one check: it returns [ok, figure]; a Skip becomes SKIP, any other error FAIL. */
async function check(id, what, body) {
  if (!selected(id)) return;
  try {
    const [ok, figure] = await body();
    report(ok ? 'PASS' : 'FAIL', id, what, figure);
  } catch (e) {
    if (e instanceof Skip) report('SKIP', id, what, e.message);
    else report('FAIL', id, what, `error: ${e.message}`);
  }
}

/** A token or the reason it could not be had; checks needing it SKIP with that reason. */
async function attempt(label, fn) {
  try {
    return { value: await fn() };
  } catch (e) {
    return { reason: `${label}: ${e.message}` };
  }
}
const need = (held) => {
  if (held.value === undefined) throw new Skip(held.reason);
  return held.value;
};

// ---------------------------------------------------------------------------------------------
// Test data (written with the backend token; ids carry this run's id so runs never collide)

const LOINC = 'http://loinc.org';
const IDS = 'urn:fjord-attack';
const PSY = { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'PSY' };

const patient = (id, family) => ({
  resourceType: 'Patient', id, active: true, gender: 'female', birthDate: '1980-01-01',
  name: [{ use: 'official', family, given: ['Angrep'], text: `Angrep ${family}` }],
});

const observation = (patientId, identifier, { code = '8867-4', text, security, id } = {}) => ({
  resourceType: 'Observation', ...(id ? { id } : {}),
  ...(security ? { meta: { security } } : {}),
  identifier: [{ system: IDS, value: identifier }],
  status: 'final',
  code: { coding: [{ system: LOINC, code, display: code === '8867-4' ? 'Heart rate' : 'Body temperature' }],
    ...(text ? { text } : {}) }, // a plain string: _content indexes strings, not markdown (note.text)
  subject: { reference: `Patient/${patientId}` },
  effectiveDateTime: '2026-01-15T10:00:00+01:00',
  valueQuantity: { value: 72, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
});

function blocking(patientId, actor, { securityLabel } = {}) {
  return {
    resourceType: 'Consent',
    meta: { profile: ['https://fjord-fhir.no/fhir/StructureDefinition/fjord-blocking-consent'] },
    status: 'active',
    scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
    category: [{ coding: [
      { system: 'https://fjord-fhir.no/fhir/CodeSystem/fjord-consent-category', code: 'sperring' },
      { system: LOINC, code: '59284-0' }] }],
    patient: { reference: `Patient/${patientId}` },
    dateTime: new Date().toISOString(),
    performer: [{ reference: `Patient/${patientId}` }],
    policy: [{ authority: 'https://lovdata.no', uri: 'https://lovdata.no/lov/2014-06-20-42' }],
    provision: {
      type: 'deny',
      actor: [{
        role: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP' }] },
        reference: { reference: actor },
      }],
      ...(securityLabel ? { securityLabel } : {}),
    },
  };
}

async function put(token, resource) {
  const r = await http('PUT', `/${resource.resourceType}/${resource.id}`, { token, body: resource });
  if (r.status !== 200 && r.status !== 201) {
    throw new Error(`PUT ${resource.resourceType}/${resource.id}: ${r.status} ${r.text.slice(0, 300)}`);
  }
  return r.json;
}

async function post(token, resource) {
  const r = await http('POST', `/${resource.resourceType}`, { token, body: resource,
    headers: { Prefer: 'return=representation' } });
  if (r.status !== 201) throw new Error(`POST ${resource.resourceType}: ${r.status} ${r.text.slice(0, 300)}`);
  return r.json;
}

/** Victims: V1 blocked entirely for the practitioner, V2 only for PSY-labelled data, V3 blocked mid-check (4). */
async function setUp(backend) {
  const practitioner = `Practitioner/${opts['practitioner-id']}`;
  const data = { v1: `${RUN}-v1`, v2: `${RUN}-v2`, v3: `${RUN}-v3`, v4: `${RUN}-v4`, family: `Offer${RUN}` };
  await put(backend, patient(data.v1, data.family));
  await put(backend, patient(data.v2, `${data.family}b`));
  await put(backend, patient(data.v3, `${data.family}c`));
  await put(backend, patient(data.v4, `${data.family}d`));
  data.o1a = (await post(backend, observation(data.v1, `${RUN}-o1a`))).id;
  data.o1b = (await post(backend, observation(data.v1, `${RUN}-o1b`))).id;
  data.o1c = (await post(backend, observation(data.v1, `${RUN}-o1c`))).id;
  data.o2psy = (await post(backend, observation(data.v2, `${RUN}-o2psy`, { security: [PSY] }))).id;
  data.o2plain = (await post(backend, observation(data.v2, `${RUN}-o2plain`))).id;
  data.o3 = [];
  for (let i = 0; i < 3; i++) data.o3.push((await post(backend, observation(data.v3, `${RUN}-o3-${i}`))).id);
  data.consent1 = (await post(backend, blocking(data.v1, practitioner))).id;
  data.consent2 = (await post(backend, blocking(data.v2, practitioner, { securityLabel: [PSY] }))).id;
  // a read by the backend so V1's audit trail names a blocked resource (check 7)
  await get(`/Observation/${data.o1a}`, backend);
  return data;
}

// ---------------------------------------------------------------------------------------------
// Checks

async function alive() {
  const r = await http('GET', `${BASE}/actuator/health/liveness`, { timeout: 10000, headers: { Accept: 'application/json' } });
  return r.status === 200;
}

async function checks(t) {
  const { backend, patientTok, lege, legeNoUser, dataHeld, sessionCookies } = t;
  const own = opts['patient-id'];

  // 1. Conditional writes with a patient token against another patient's data
  await check('1a', 'patient token: conditional create (If-None-Exist) matching another patient\'s Observation', async () => {
    const d = need(dataHeld); const tok = need(patientTok);
    const r = await http('POST', '/Observation', { token: tok, body: observation(own, `${RUN}-1a`),
      headers: { 'If-None-Exist': `identifier=${IDS}|${RUN}-o1a`, Prefer: 'return=representation' } });
    const leaked = r.text.includes(d.o1a) || r.text.includes(`Patient/${d.v1}`);
    return [!leaked && r.status !== 200, `status ${r.status}, other patient's Observation in body: ${leaked ? 'yes' : 'no'}`];
  });
  await check('1b', 'patient token: conditional update as an existence oracle', async () => {
    const d = need(dataHeld); const tok = need(patientTok);
    const hit = await http('PUT', `/Observation?identifier=${encodeURIComponent(`${IDS}|${RUN}-o1b`)}`,
      { token: tok, body: observation(own, `${RUN}-o1b`) });
    const miss = await http('PUT', `/Observation?identifier=${encodeURIComponent(`${IDS}|${RUN}-none-1b`)}`,
      { token: tok, body: observation(own, `${RUN}-none-1b`) });
    const victim = await get(`/Observation/${d.o1b}`, need(backend));
    const untouched = victim.json?.subject?.reference === `Patient/${d.v1}` && victim.json?.meta?.versionId === '1';
    return [hit.status === miss.status && untouched,
      `matching another patient ${hit.status}, matching nothing ${miss.status}, victim untouched: ${untouched}`];
  });
  await check('1c', 'patient token: conditional delete as an existence oracle', async () => {
    const d = need(dataHeld); const tok = need(patientTok);
    const hit = await http('DELETE', `/Observation?identifier=${encodeURIComponent(`${IDS}|${RUN}-o1c`)}`, { token: tok });
    const miss = await http('DELETE', `/Observation?identifier=${encodeURIComponent(`${IDS}|${RUN}-none-1c`)}`, { token: tok });
    const victim = await get(`/Observation/${d.o1c}`, need(backend));
    return [hit.status === miss.status && victim.status === 200,
      `matching another patient ${hit.status}, matching nothing ${miss.status}, victim still there: ${victim.status === 200}`];
  });

  // 2. A user/ token naming no person against a blocking
  await check('2', 'user/*.rs token without fhirUser reads a blocked patient\'s data', async () => {
    const d = need(dataHeld);
    if (legeNoUser.refused) return [true, `token refused: ${legeNoUser.refused}`];
    const tok = need(legeNoUser);
    const claims = jwtClaims(tok);
    const read = await get(`/Observation/${d.o1a}`, tok);
    const search = await get(`/Observation?subject=Patient/${d.v1}`, tok);
    const shown = entries(search.json).length;
    const control = lege.value ? (await get(`/Observation/${d.o1a}`, lege.value)).status : 'no token';
    return [read.status !== 200 && shown === 0,
      `fhirUser in token: ${claims.fhirUser ?? 'none'}; read ${read.status}, search shows ${shown} (search ${search.status}); `
      + `same doctor with fhirUser: read ${control}`];
  });

  // 3. $meta / $meta-delete by a blocked practitioner
  await check('3a', 'blocked practitioner: $meta of a blocked Observation', async () => {
    const d = need(dataHeld); const tok = need(lege);
    const before = await get(`/Observation/${d.o2psy}`, tok);
    const unlabelled = await get(`/Observation/${d.o2plain}`, tok);
    const meta = await get(`/Observation/${d.o2psy}/$meta`, tok);
    return [meta.status !== 200, `read ${before.status} (blocked by its PSY label; the unlabelled one ${unlabelled.status}), `
      + `$meta ${meta.status}`];
  });
  await check('3b', 'blocked practitioner: $meta-delete of the PSY label, then read', async () => {
    const d = need(dataHeld); const tok = need(lege);
    const remove = await http('POST', `/Observation/${d.o2psy}/$meta-delete`, { token: tok,
      body: { resourceType: 'Parameters', parameter: [{ name: 'meta', valueMeta: { security: [PSY] } }] } });
    const after = await get(`/Observation/${d.o2psy}`, tok);
    const labels = (await get(`/Observation/${d.o2psy}`, need(backend))).json?.meta?.security?.length ?? 0;
    return [remove.status !== 200 && after.status !== 200,
      `$meta-delete ${remove.status}, read afterwards ${after.status}, labels left ${labels}`];
  });

  // 4. Paging links made before a blocking
  await check('4', '_getpages link made before a blocking, followed after it', async () => {
    const d = need(dataHeld); const tok = need(lege); const b = need(backend);
    const first = await get(`/Observation?subject=Patient/${d.v3}&_count=1`, tok);
    const next = first.json?.link?.find((l) => l.relation === 'next')?.url;
    if (first.status !== 200 || !next) throw new Skip(`no next link before the blocking (${first.status})`);
    const consent = await post(b, blocking(d.v3, `Practitioner/${opts['practitioner-id']}`));
    d.consent3 = consent.id;
    const fresh = await get(`/Observation?subject=Patient/${d.v3}`, tok);
    const page = await http('GET', next, { token: tok });
    const shown = count(entries(page.json), (e) => d.o3.includes(e.resource?.id));
    return [shown === 0, `next page after the blocking: ${page.status}, blocked Observations shown ${shown}; `
      + `a new search shows ${entries(fresh.json).length}`];
  });

  // 5. Inline match URLs in references
  const inlineMatch = async (id, tok, subject, who) => {
    const d = need(dataHeld);
    const make = (target, ident) => ({ ...observation(subject, ident),
      derivedFrom: [{ reference: `Observation?identifier=${encodeURIComponent(`${IDS}|${target}`)}` }] });
    const hit = await http('POST', '/Observation', { token: tok, body: make(`${RUN}-o1a`, `${RUN}-${id}-hit`),
      headers: { Prefer: 'return=representation' } });
    const miss = await http('POST', '/Observation', { token: tok, body: make(`${RUN}-none-${id}`, `${RUN}-${id}-miss`),
      headers: { Prefer: 'return=representation' } });
    let leaked = hit.text.includes(d.o1a);
    if (!leaked && hit.status === 201 && hit.json?.id) {
      leaked = (await get(`/Observation/${hit.json.id}`, need(backend))).text.includes(d.o1a);
    }
    return [!leaked && hit.status === miss.status,
      `${who}: match on another patient's Observation ${hit.status}, on nothing ${miss.status}, its id revealed: ${leaked}`];
  };
  await check('5a', 'patient token: inline match URL in a reference to another patient\'s data',
    () => inlineMatch('5a', need(patientTok), own, 'patient'));
  await check('5b', 'blocked practitioner: inline match URL in a reference to blocked data',
    () => inlineMatch('5b', need(lege), own, 'practitioner'));

  // 6. Patient token starting exports beyond its own record
  await check('6', 'patient token: system, type-level and Group $export', async () => {
    const d = need(dataHeld); const tok = need(patientTok); const b = need(backend);
    const group = await post(b, { resourceType: 'Group', type: 'person', actual: true,
      member: [{ entity: { reference: `Patient/${d.v1}` } }, { entity: { reference: `Patient/${own}` } }] });
    const kickOff = (url) => http('GET', url, { token: tok,
      headers: { Prefer: 'respond-async', 'Cache-Control': 'no-cache' } });
    const answers = {};
    for (const [name, url] of [['system', '/$export'], ['type', '/Patient/$export'],
      ['group', `/Group/${group.id}/$export`], ['own patient', `/Patient/${own}/$export`]]) {
      const r = await kickOff(url);
      answers[name] = r.status;
      const status = r.headers.get('content-location');
      if (r.status === 202 && status) await http('DELETE', status, { token: tok }); // cancel what was started
    }
    const refused = ['system', 'type', 'group'].every((k) => answers[k] !== 202);
    return [refused, Object.entries(answers).map(([k, v]) => `${k} ${v}`).join(', ')];
  });

  // 7. Blocked practitioner reading the blocking patient's audit trail
  await check('7', 'blocked practitioner: AuditEvent?patient= of the patient who blocked them', async () => {
    const d = need(dataHeld); const tok = need(lege);
    const r = await get(`/AuditEvent?patient=Patient/${d.v1}&_count=200`, tok);
    const all = entries(r.json);
    const naming = count(all, (e) => [d.o1a, d.o1b, d.o1c, d.consent1].some((id) => JSON.stringify(e).includes(id)));
    return [naming === 0, `${r.status}, ${all.length} entries, ${naming} naming blocked resources or the blocking`];
  });

  // 8. Launch pages, type-level history, API docs, session cookie
  await check('8a', 'patient token: type-level Observation/_history total', async () => {
    const tok = need(patientTok); const b = need(backend);
    // the newest version is the patient's own, so the one entry on the page is one they may see
    await post(b, observation(own, `${RUN}-8a`));
    const system = await get('/Observation/_history?_count=1', b);
    const mine = await get('/Observation/_history?_count=1', tok);
    if (mine.status !== 200) return [true, `refused: ${mine.status}`];
    const total = mine.json?.total;
    return [total === undefined || total < (system.json?.total ?? 0),
      `patient sees total ${total ?? 'none'}, system-wide total ${system.json?.total}`];
  });
  await check('8b', '/v3/api-docs with non-admin tokens', async () => {
    const statuses = {};
    for (const [name, held] of [['backend', backend], ['patient', patientTok], ['practitioner', lege]]) {
      if (held.value) {
        statuses[name] = (await http('GET', `${BASE}/v3/api-docs`, { token: held.value,
          headers: { Accept: 'application/json' } })).status;
      }
    }
    if (!Object.keys(statuses).length) throw new Skip('no token at all');
    // the administrator's answer is shown for comparison, not judged
    const admin = t.admin.value ? (await http('GET', `${BASE}/v3/api-docs`, { token: t.admin.value,
      headers: { Accept: 'application/json' } })).status : 'no token';
    return [Object.values(statuses).every((s) => s !== 200),
      `${Object.entries(statuses).map(([k, v]) => `${k} ${v}`).join(', ')}; fjord.admin ${admin}`];
  });
  await check('8c', 'SameSite on the login session cookie', async () => {
    const cookies = sessionCookies.filter((c) => /^(JSESSIONID|SESSION)=/i.test(c));
    if (!cookies.length) throw new Skip('no session cookie seen during the logins');
    const without = count(cookies, (c) => !/;\s*SameSite=/i.test(c));
    return [without === 0, `${cookies.length} session cookies, ${without} without SameSite: `
      + cookies[0].replace(/=[^;]+/, '=…')];
  });
  await check('8d', 'POST /smart/launch for a patient who blocked the user', async () => {
    const d = need(dataHeld); const tok = need(lege);
    const r = await http('POST', `${BASE}/smart/launch`, { token: tok, body: JSON.stringify({ patient: d.v1 }),
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' } });
    return [r.status !== 201 && r.status !== 200, `status ${r.status}`];
  });
  await check('8e', 'patient picker lists a patient who blocked the user', async () => {
    const d = need(dataHeld);
    const browser = new Browser();
    const page = await browser.browse(browser.authorizeUrl('launch/patient openid fhirUser user/*.rs'),
      opts['practitioner-user'], opts['practitioner-password']);
    const continuation = hidden(page.text, 'continue');
    if (!continuation) throw new Skip(`no patient picker after login (${page.status} ${page.location ?? ''})`);
    const search = await browser.request('GET', `/smart/patient-picker?${new URLSearchParams({ continue: continuation,
      name: d.family })}`);
    const listed = allValues(search.text, 'patient');
    return [!listed.includes(d.v1), `picker search ${search.status}: ${listed.length} listed, blocked patient listed: `
      + listed.includes(d.v1)];
  });

  // 13. DELETE racing a transaction that references the target
  await check('13', 'DELETE racing a transaction referencing the target (16 rounds)', async () => {
    const b = need(backend);
    let violations = 0; const outcomes = [];
    for (let i = 0; i < 16; i++) {
      const id = `${RUN}-race-${i}`;
      await put(b, patient(id, `Race${i}`));
      const bundle = { resourceType: 'Bundle', type: 'transaction', entry: [{
        fullUrl: `urn:uuid:${crypto.randomUUID()}`, resource: observation(id, `${RUN}-race-${i}`),
        request: { method: 'POST', url: 'Observation' } }] };
      const [del, tx] = await Promise.all([
        http('DELETE', `/Patient/${id}`, { token: b }),
        http('POST', '', { token: b, body: bundle }),
      ]);
      const both = del.status >= 200 && del.status < 300 && tx.status === 200;
      if (both) violations++;
      outcomes.push(`${del.status}/${tx.status}`);
    }
    return [violations === 0, `${violations} of 16 rounds both succeeded (delete/transaction: ${histogram(outcomes)})`];
  });

  // 16. NUL in a string and in a search parameter, while other reads run
  await check('16', 'NUL in a string and a search parameter while other reads run', async () => {
    const b = need(backend);
    let stop = false; const others = [];
    const reader = async () => {
      while (!stop && others.length < 5000) others.push((await get(`/Patient/${own}`, b)).status);
    };
    const readers = [reader(), reader(), reader(), reader()];
    const nul = [];
    const until = Date.now() + 30000;
    for (let i = 0; i < 10 && Date.now() < until; i++) {
      nul.push(await http('POST', '/Patient', { token: b, body: patient(undefined, `Nul\u0000${i}`) }));
      nul.push(await get(`/Patient?name=nul%00${i}`, b));
    }
    await sleep(500);
    stop = true;
    await Promise.all(readers);
    const bad = count(nul, (r) => r.status !== 400 || !isOperationOutcome(r));
    const failedReads = count(others, (s) => s !== 200);
    return [bad === 0 && failedReads === 0, `NUL requests: ${histogram(nul.map((r) => r.status))}; `
      + `other reads failed ${failedReads} of ${others.length}`];
  });

  // 17. 10,000 search parameters
  await check('17', '10,000 search parameters (POST _search)', async () => {
    const b = need(backend);
    const form = Array.from({ length: 10000 }, (_, i) => `identifier=${IDS}%7Cp${i}`).join('&');
    const r = await http('POST', '/Observation/_search', { token: b, body: form,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    return [r.status === 400 && isOperationOutcome(r) && r.ms < 2000, `status ${r.status || r.error} in ${ms(r.ms)}`];
  });

  // 18. Duplicate JSON keys and invalid UTF-8
  await check('18a', 'duplicate JSON keys', async () => {
    // an Observation claims no profile, so no validator stands between the parser and storage
    const body = JSON.stringify(observation(own, `${RUN}-18a`)).replace('"status":"final"',
      '"status":"final","status":"cancelled"');
    const r = await http('POST', '/Observation', { token: need(backend), body,
      headers: { 'Content-Type': FHIR_JSON, Prefer: 'return=representation' } });
    return [r.status === 400, `status ${r.status}${r.json?.status ? `, stored status ${r.json.status}` : ''}`];
  });
  await check('18b', 'invalid UTF-8 in a string', async () => {
    const body = Buffer.concat([Buffer.from('{"resourceType":"Patient","name":[{"family":"Bad'),
      Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('","given":["A"]}]}')]);
    const r = await http('POST', '/Patient', { token: need(backend), body,
      headers: { 'Content-Type': `${FHIR_JSON}; charset=utf-8`, Prefer: 'return=representation' } });
    return [r.status === 400, `status ${r.status}${r.json?.name ? `, stored family ${JSON.stringify(r.json.name[0].family)}` : ''}`];
  });

  // 19. Concurrent If-Match updates
  await check('19', 'concurrent If-Match updates (4 rounds of 8): losers get 412', async () => {
    const b = need(backend);
    const statuses = [];
    let rounds = 0;
    for (let round = 0; round < 4; round++) {
      const id = `${RUN}-ifmatch-${round}`;
      const created = await put(b, patient(id, 'Versjon'));
      const version = created.meta.versionId;
      const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => http('PUT', `/Patient/${id}`,
        { token: b, body: patient(id, `Versjon${i}`), headers: { 'If-Match': `W/"${version}"` } })));
      const winners = count(answers, (r) => r.status === 200);
      if (winners === 1) rounds++;
      statuses.push(...answers.map((r) => r.status));
    }
    const losers = statuses.filter((s) => s !== 200);
    return [rounds === 4 && losers.every((s) => s === 412),
      `${rounds}/4 rounds with one winner; losers: 412×${count(losers, (s) => s === 412)}, 409×${count(losers, (s) => s === 409)}`
      + `, other×${count(losers, (s) => s !== 412 && s !== 409)}`];
  });

  // 20. Refusals made by Tomcat itself
  await check('20a', 'huge URL (100 kB) answered with an OperationOutcome', async () => {
    const r = await get(`/Patient?name=${'a'.repeat(100000)}`, need(backend));
    return [r.status >= 400 && r.status < 500 && isOperationOutcome(r) && !isHtml(r.text),
      `status ${r.status}, ${r.headers.get('content-type') ?? 'no content type'}`];
  });
  await check('20b', 'raw 0xFF in the path answered with an OperationOutcome', async () => {
    const tok = need(backend);
    const r = await rawRequest(Buffer.concat([Buffer.from('GET /fhir/Patient/'), Buffer.from([0xff]),
      Buffer.from(` HTTP/1.1\r\nHost: ${BASE_URL.host}\r\nAuthorization: Bearer ${tok}\r\nAccept: ${FHIR_JSON}\r\nConnection: close\r\n\r\n`)]));
    const type = /content-type:\s*([^\r\n]*)/i.exec(r.head)?.[1] ?? 'no content type';
    return [r.status >= 400 && r.status < 500 && isOperationOutcome(r) && !isHtml(r.body), `status ${r.status || r.error}, ${type}`];
  });
  await check('20c', '%00 in an id answered with an OperationOutcome', async () => {
    const r = await get('/Patient/abc%00def', need(backend));
    return [r.status >= 400 && r.status < 500 && isOperationOutcome(r) && !isHtml(r.text),
      `status ${r.status}, ${r.headers.get('content-type') ?? 'no content type'}`];
  });

  // 21. _summary=count with _content and another parameter
  await check('21', '_summary=count with _content and code equals the search\'s result size', async () => {
    const b = need(backend); const d = need(dataHeld);
    const word = `ord${RUN}`;
    await post(b, observation(d.v4, `${RUN}-21a`, { text: `${word} hjerte` }));
    await post(b, observation(d.v4, `${RUN}-21b`, { code: '8310-5', text: `${word} feber` }));
    let indexed = 0;
    for (let i = 0; i < 30 && indexed < 2; i++) {
      indexed = entries((await get(`/Observation?_content=${word}`, b)).json).length;
      if (indexed < 2) await sleep(500);
    }
    if (indexed < 2) throw new Skip(`full-text index shows ${indexed} of 2 new Observations after 15 s`);
    const query = `_content=${word}&code=${encodeURIComponent(`${LOINC}|8867-4`)}`;
    const search = await get(`/Observation?${query}`, b);
    const counted = await get(`/Observation?${query}&_summary=count`, b);
    const size = entries(search.json).length;
    return [counted.json?.total === size, `search finds ${size}, _summary=count says ${counted.json?.total}`];
  });

  // 14. Slow uploads and many unauthenticated large bodies (bounded)
  const slowCount = Math.min(Number(opts['slow-connections']) || 50, 400);
  await check('14a', `normal reads during ${slowCount} slow uploads (2 bytes/s for 20 s)`, async () => {
    const b = need(backend);
    const slow = await slowUploads(slowCount, 20000, async () => {
      const latencies = [];
      for (let i = 0; i < 5; i++) {
        const r = await get(`/Patient/${own}`, b);
        latencies.push(r.status === 200 ? r.ms : Infinity);
        await sleep(1000);
      }
      return latencies;
    });
    t.slow = slow;
    const worst = Math.max(...slow.during);
    return [worst < 2000, `5 reads at 5-10 s: worst ${Number.isFinite(worst) ? ms(worst) : 'failed'}, `
      + `median ${ms(percentile(slow.during, 0.5))}`];
  });
  await check('14b', 'unauthenticated slow uploads answered before their body is complete', async () => {
    const slow = t.slow;
    if (!slow) throw new Skip('14a did not run');
    return [slow.answeredEarly === slow.total, `${slow.answeredEarly} of ${slow.total} answered within 5 s `
      + `(${histogram(slow.statuses)}), first answer after ${slow.firstAnswer === null ? '-' : ms(slow.firstAnswer)}`];
  });
  await check('14c', '40 unauthenticated 16 MB bodies (10 at a time): refused, server stays up', async () => {
    const b = need(backend);
    const body = Buffer.alloc(16_000_000, 0x20);
    body.write('{"resourceType":"Patient","name":[{"family":"');
    const statuses = [];
    const started = performance.now();
    for (let wave = 0; wave < 4; wave++) {
      const answers = await Promise.all(Array.from({ length: 10 }, () => http('POST', '/Patient',
        { body, headers: { 'Content-Type': FHIR_JSON }, timeout: 60000 })));
      statuses.push(...answers.map((r) => r.status || r.error));
    }
    const took = performance.now() - started;
    const up = await alive();
    const read = await get(`/Patient/${own}`, b);
    // a connection closed on the upload is a refusal too; a timeout is not
    const refused = count(statuses, (s) => [401, 413, 503, 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'].includes(s));
    return [up && read.status === 200 && refused === statuses.length && !statuses.includes(500),
      `${histogram(statuses)} in ${ms(took)}; liveness ${up ? 'UP' : 'DOWN'}, read afterwards ${read.status} in ${ms(read.ms)}`];
  });

  // 15. Gzip bomb
  await check('15', 'gzip bomb (1 GiB of JSON whitespace in about 1 MB)', async () => {
    const b = need(backend);
    const bomb = await gzipBomb(1024);
    const r = await http('POST', '/Patient', { token: b, body: bomb, timeout: 120000,
      headers: { 'Content-Type': FHIR_JSON, 'Content-Encoding': 'gzip' } });
    const up = await alive();
    return [r.status === 413 && isOperationOutcome(r) && up,
      `${(bomb.length / 1e6).toFixed(2)} MB compressed: status ${r.status || r.error} in ${ms(r.ms)}, liveness ${up ? 'UP' : 'DOWN'}`];
  });
}

/** `connections` sockets each sending a POST head, then 2 bytes a second; `during` runs meanwhile after 5 s. */
async function slowUploads(connections, duration, during) {
  const sockets = [];
  const statuses = [];
  let answeredEarly = 0;
  let firstAnswer = null;
  const started = performance.now();
  for (let i = 0; i < connections; i++) {
    const socket = net.connect(PORT, HOST);
    const state = { socket, answered: false };
    socket.on('connect', () => socket.write(`POST /fhir/Patient HTTP/1.1\r\nHost: ${BASE_URL.host}\r\n`
      + `Content-Type: ${FHIR_JSON}\r\nContent-Length: 100000\r\n\r\n{`));
    socket.on('data', (d) => {
      if (state.answered) return;
      state.answered = true;
      const elapsed = performance.now() - started;
      firstAnswer = firstAnswer === null ? elapsed : Math.min(firstAnswer, elapsed);
      if (elapsed < 5000) answeredEarly++;
      statuses.push(Number(/^HTTP\/1\.\d (\d{3})/.exec(d.toString('latin1'))?.[1] ?? 0));
    });
    socket.on('error', () => {});
    sockets.push(state);
  }
  const drip = setInterval(() => {
    for (const { socket } of sockets) if (!socket.destroyed && socket.writable) socket.write('  ');
  }, 1000);
  await sleep(5000);
  const result = await during();
  const left = duration - (performance.now() - started);
  if (left > 0) await sleep(left);
  clearInterval(drip);
  for (const { socket, answered } of sockets) {
    if (!answered) statuses.push('none');
    socket.destroy();
  }
  return { during: result, answeredEarly, total: connections, statuses, firstAnswer };
}

/** 1 MiB × `mebibytes` of JSON whitespace after an opening brace, gzipped in a stream (never held expanded). */
function gzipBomb(mebibytes) {
  return new Promise((resolve, reject) => {
    const gzip = zlib.createGzip({ level: 9 });
    const out = [];
    gzip.on('data', (d) => out.push(d));
    gzip.on('end', () => resolve(Buffer.concat(out)));
    gzip.on('error', reject);
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    gzip.write('{"resourceType":"Patient",');
    let written = 0;
    const pump = () => {
      while (written < mebibytes) {
        written++;
        if (!gzip.write(chunk)) {
          gzip.once('drain', pump);
          return;
        }
      }
      gzip.end();
    };
    pump();
  });
}


// ---------------------------------------------------------------------------------------------
// Faults (--faults): kill -9 of the JVM and of the embedded PostgreSQL during writes

const processAlive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
};

function postmasterPid(dataDir) {
  try {
    return Number(fs.readFileSync(`${dataDir}/postmaster.pid`, 'latin1').split('\n')[0]) || null;
  } catch {
    return null;
  }
}

/** Four writers POSTing Observations until stopped (at most 5,000 each); what was answered 201 is remembered. */
function startWriters(token, tag) {
  const acknowledged = [];
  const answers = [];
  let stop = false;
  let n = 0;
  const writer = async () => {
    for (let i = 0; i < 5000 && !stop; i++) {
      const k = n++;
      const word = `fw${RUN}${tag}x${k}`;
      const sent = performance.now();
      const r = await http('POST', '/Observation', { token, timeout: 40000,
        body: observation(opts['patient-id'], `${RUN}-${tag}-${k}`, { text: word }),
        headers: { Prefer: 'return=representation' } });
      answers.push({ at: sent, status: r.status || r.error, ms: r.ms, outcome: isOperationOutcome(r) });
      if (r.status === 201 && r.json?.id) acknowledged.push({ id: r.json.id, word });
      if (r.status === 0) await sleep(200); // connection refused: do not spin
    }
  };
  const running = [writer(), writer(), writer(), writer()];
  return { acknowledged, answers, stop: async () => { stop = true; await Promise.all(running); } };
}

async function waitAlive(seconds, server) {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until && !server.exited) {
    if (await alive()) return true;
    await sleep(3000);
  }
  return false;
}

/** Starts the server with the restart command; its output goes to a file in the data directory. */
function restartServer(dataDir, round) {
  const log = path.resolve(dataDir, '..', `attack-restart-${RUN}-${round}.log`);
  const out = fs.openSync(log, 'w');
  const child = spawn('sh', ['-c', opts.restart], { detached: true, stdio: ['ignore', out, out] });
  child.unref();
  const state = { child, log, exited: false };
  child.on('exit', () => { state.exited = true; });
  return state;
}

function logTail(file) {
  try {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    // the first database complaint says more than the last of Spring's "Caused by" lines
    const telling = lines.find((l) => /FATAL|postmaster\.pid/.test(l)) ?? lines.filter((l) => /Caused by/.test(l)).at(-1);
    return (telling ?? lines.filter(Boolean).at(-1) ?? '').replace(/^.*?(FATAL|Caused by)/, '$1').trim().slice(0, 200);
  } catch {
    return 'no log';
  }
}

async function lostWrites(token, acknowledged) {
  let lost = 0;
  let unindexed = 0;
  for (const { id, word } of acknowledged.slice(0, 1000)) {
    if ((await get(`/Observation/${id}`, token)).status !== 200) {
      lost++;
    } else if ((await get(`/Observation?_content=${word}&_summary=count`, token)).json?.total !== 1) {
      unindexed++;
    }
  }
  return { lost, unindexed, checked: Math.min(acknowledged.length, 1000) };
}

async function faults() {
  const jvm = Number(opts['server-pid']);
  const dataDir = opts['data-dir'];
  if (!jvm || !dataDir || !opts.restart) {
    console.error('--faults needs --server-pid (the JVM), --data-dir (the embedded PostgreSQL data directory) and --restart');
    process.exit(2);
  }
  const restartSeconds = Number(opts['restart-timeout']) || 900;
  const token = await clientCredentials(opts['loader-client'], opts['loader-secret'], 'system/*.cruds');

  // F1-F3: kill -9 the JVM during writes, restart, count acknowledged writes found afterwards
  let server = null; // the server this run started, if it did
  let up = true;
  let fresh = token;
  if (['F1', 'F2a', 'F2b', 'F3'].some(selected)) {
    const postmaster = postmasterPid(dataDir);
    const writers = startWriters(token, 'jvm');
    await sleep(5000);
    process.kill(jvm, 'SIGKILL');
    await sleep(2000);
    await writers.stop();
    await sleep(3000);
    const orphan = postmaster !== null && processAlive(postmaster);
    await check('F2a', 'the embedded PostgreSQL does not outlive the killed JVM',
      async () => [!orphan, `postmaster ${postmaster ?? 'unknown'} ${orphan ? 'still running' : 'gone'} 5 s after kill -9 of JVM ${jvm}`]);
    if (orphan && opts['stop-leftover-postmaster']) {
      // what an operator (or the fix of item 10) does: a fast shutdown of the leftover, which writes out its WAL
      process.kill(postmaster, 'SIGINT');
      for (let i = 0; i < 60 && processAlive(postmaster); i++) await sleep(500);
    }
    server = restartServer(dataDir, 1);
    const started = Date.now();
    up = await waitAlive(restartSeconds, server);
    await check('F2b', 'the server starts again after kill -9 of its JVM', async () => [up, up
      ? `up after ${Math.round((Date.now() - started) / 1000)} s`
      : `${server.exited ? 'exited' : 'not up'} after ${Math.round((Date.now() - started) / 1000)} s: ${logTail(server.log)}`]);
    fresh = up ? await clientCredentials(opts['loader-client'], opts['loader-secret'], 'system/*.cruds') : null;
    const afterJvm = fresh ? await lostWrites(fresh, writers.acknowledged) : null;
    await check('F1', 'acknowledged writes survive kill -9 of the JVM', async () => {
      if (!afterJvm) throw new Skip('the server did not start again');
      return [afterJvm.lost === 0, `${afterJvm.lost} of ${afterJvm.checked} acknowledged writes missing`];
    });
    await check('F3', 'the full-text index has every acknowledged write after kill -9 of the JVM', async () => {
      if (!afterJvm) throw new Skip('the server did not start again');
      return [afterJvm.unindexed === 0, `${afterJvm.unindexed} of ${afterJvm.checked - afterJvm.lost} stored writes not found by _content`];
    });
  }

  // F4-F5: kill -9 the postmaster during writes
  const serverGone = () => (server ? server.exited : !processAlive(jvm));
  const pg = up ? postmasterPid(dataDir) : null;
  let recovered = null;
  let afterPg = null;
  let pgWriters = null;
  let probes = [];
  if (pg && ['F4a', 'F4b', 'F5'].some(selected)) {
    pgWriters = startWriters(fresh, 'pg');
    await sleep(5000);
    process.kill(pg, 'SIGKILL');
    await sleep(2000);
    // fresh requests once the database is gone (the writers' own may have been caught mid-flight)
    probes = await Promise.all([
      ...Array.from({ length: 3 }, () => http('GET', `/Patient/${opts['patient-id']}`, { token: fresh, timeout: 40000 })),
      http('POST', '/Observation', { token: fresh, timeout: 40000, body: observation(opts['patient-id'], `${RUN}-probe`) }),
    ]);
    await pgWriters.stop();
    // recovered (answers reads again) or gone (exited for its supervisor), within 60 s
    const until = Date.now() + 60000;
    while (Date.now() < until && recovered === null) {
      if (serverGone()) recovered = 'exited';
      else if ((await get(`/Patient/${opts['patient-id']}`, fresh)).status === 200) recovered = 'recovered';
      else await sleep(3000);
    }
    if (recovered === 'exited') {
      server = restartServer(dataDir, 2);
      up = await waitAlive(restartSeconds, server);
    }
    if (recovered && up) {
      fresh = await clientCredentials(opts['loader-client'], opts['loader-secret'], 'system/*.cruds');
      afterPg = await lostWrites(fresh, pgWriters.acknowledged);
    }
  }
  await check('F4a', 'requests while the database is dead: 503 OperationOutcome within 5 s', async () => {
    if (!pgWriters) throw new Skip('no running server with a postmaster.pid to kill');
    const good = count(probes, (r) => r.status === 503 && isOperationOutcome(r) && r.ms < 5000);
    return [good === probes.length, `${good} of ${probes.length} requests sent 2 s after the kill `
      + `(${histogram(probes.map((r) => r.status || r.error))}), slowest ${ms(Math.max(...probes.map((r) => r.ms)))}`];
  });
  await check('F4b', 'after the database died the server recovers or exits (within 60 s)', async () => {
    if (!pgWriters) throw new Skip('no running server with a postmaster.pid to kill');
    const liveness = await alive();
    return [recovered !== null, recovered ?? `neither: reads fail and liveness is ${liveness ? 'UP' : 'DOWN'}`];
  });
  await check('F5', 'acknowledged writes survive kill -9 of the postmaster', async () => {
    if (!afterPg) throw new Skip('the server did not answer again after the postmaster was killed');
    return [afterPg.lost === 0, `${afterPg.lost} of ${afterPg.checked} acknowledged writes missing`];
  });
  if (server) console.log(`# server started by this run: shell ${server.child.pid} (${opts.restart}), output in ${server.log}`);
}

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
  console.log(`# Fjord attack suite against ${BASE} (run ${RUN}, ${new Date().toISOString()})`);
  if (!(await alive())) {
    console.log(`FAIL 0 server answers its liveness probe (no answer at ${BASE}/actuator/health/liveness)`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  if (opts.faults) {
    await faults();
    finish();
  }
  const backend = await attempt('backend token', () =>
    clientCredentials(opts['loader-client'], opts['loader-secret'], 'system/*.cruds'));
  const admin = await attempt('admin token', () => {
    const file = opts['admin-secret-file'];
    const secret = opts['admin-secret'] || (file && fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : '');
    if (!secret) throw new Error(`no --admin-secret and no readable ${file}`);
    return clientCredentials(opts['admin-client'], secret, 'fjord.admin');
  });
  const sessionCookies = [];
  const login = (user, password, scope) => attempt(`token for ${user} (${scope})`, async () => {
    const browser = new Browser();
    try {
      return (await browser.authorize(user, password, scope)).access_token;
    } finally {
      sessionCookies.push(...browser.setCookies);
    }
  });
  const patientTok = await login(opts['patient-user'], opts['patient-password'],
    'launch/patient openid fhirUser patient/*.cruds');
  const lege = await login(opts['practitioner-user'], opts['practitioner-password'], 'openid fhirUser user/*.cruds');
  // the doctor through an app asking for user/*.rs only: no openid, no fhirUser
  const legeNoUser = await login(opts['practitioner-user'], opts['practitioner-password'], 'user/*.rs');
  if (legeNoUser.value === undefined && /access_denied|invalid_scope|error=/.test(legeNoUser.reason)) {
    legeNoUser.refused = legeNoUser.reason;
  }
  for (const held of [backend, admin, patientTok, lege, legeNoUser]) if (held.reason) console.log(`# ${held.reason}`);
  const dataHeld = backend.value
    ? await attempt('test data', () => setUp(backend.value))
    : { reason: 'no backend token for the test data' };
  if (dataHeld.reason) console.log(`# ${dataHeld.reason}`);

  await checks({ backend, admin, patientTok, lege, legeNoUser, dataHeld, sessionCookies });

  finish();
}

function finish() {
  const skipped = results.skipped ? `, ${results.skipped} skipped` : '';
  console.log(`${results.passed} passed, ${results.failed} failed${skipped}`);
  process.exit(results.failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
