#!/usr/bin/env node
// Type-ahead benchmark for Fjord's terminology service (Node 20, no dependencies).
//
// Measures, with a fixed number of concurrent workers and a bounded number of requests:
//   1. ValueSet/$expand?url=<vs>&filter=<prefix>&count=10  (prefixes: 1-5 leading letters of Norwegian words, some code prefixes)
//   2. ValueSet/$validate-code?url=<vs>&system=<system>&code=<code>  (known codes and codes that do not exist)
//   3. CodeSystem/$lookup?system=<system>&code=<code>  (known codes)
// and prints count, errors, throughput and p50/p95/p99/max latency per operation; writes the same as JSON.
// Exit status 1 if any request failed (non-2xx, network error, timeout), if an $expand with a one-letter prefix
// matched nothing, or if $validate-code answered wrongly; 2 for bad options.
//
// With --load <csv> it first loads the file (made by generate-synthetic-codesystem.mjs) through
// POST [base]/$load-terminology, creates ValueSet/bench-synthetic including the whole system, and waits until the
// expansion is complete. It only ever talks to --base, which must be a loopback address unless --allow-remote.
//
//   node typeahead-bench.mjs --load /tmp/fjord-bench/synthetic-classification.csv --out result.json

import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import { NORWEGIAN_WORDS, prng } from './generate-synthetic-codesystem.mjs';

const BENCH_SYSTEM = 'urn:fjord:bench:synthetic-classification';
const BENCH_VALUESET = 'urn:fjord:bench:synthetic-classification-vs';
const BENCH_VERSION = 'bench-1';
const BENCH_VALUESET_ID = 'bench-synthetic';
const EXPANSION_MESSAGE = 'http://hapifhir.io/fhir/StructureDefinition/valueset-expansion-message';
const FHIR_JSON = 'application/fhir+json';
const REQUEST_TIMEOUT_MS = 30_000;
const LOAD_TIMEOUT_MS = 600_000;
const LIMITS = { concurrency: 64, requests: 100_000, warmup: 10_000, waitSeconds: 1800 };

const USAGE = `usage: node typeahead-bench.mjs [options]
  --base URL            FHIR base (default http://localhost:8080/fhir); must be loopback unless --allow-remote
  --concurrency N       concurrent workers (default 8, at most ${LIMITS.concurrency})
  --requests N          measured requests per operation (default 2000, at most ${LIMITS.requests})
  --warmup N            unmeasured requests per operation before measuring (default 200)
  --valueset URL        canonical URL of the ValueSet (default ${BENCH_VALUESET})
  --system URL          code system URL (default ${BENCH_SYSTEM})
  --token TOKEN         bearer token, sent as Authorization header
  --load CSV            load this FinnKode CSV first (kind finnkode, url ${BENCH_SYSTEM}, version ${BENCH_VERSION})
                        and PUT ValueSet/${BENCH_VALUESET_ID} including the whole system
  --expect-total N      without --load: wait until the ValueSet expands to at least N codes
  --wait-seconds N      how long to wait for the expansion (default 120, at most ${LIMITS.waitSeconds})
  --wait-preexpanded    also wait until the server answers from a pre-calculated expansion
  --seed N              seed for the request mix (default 1)
  --out FILE            write the results as JSON
  --allow-remote        allow a --base that is not a loopback address`;

class UsageError extends Error {}
class AuthError extends Error {}

function parseArgs(argv) {
  const o = {
    base: 'http://localhost:8080/fhir', concurrency: 8, requests: 2000, warmup: 200, valueset: BENCH_VALUESET,
    system: BENCH_SYSTEM, token: null, load: null, expectTotal: null, waitSeconds: 120, waitPreexpanded: false,
    seed: 1, out: null, allowRemote: false,
  };
  const integer = (name, v, min, max) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name} must be an integer from ${min} to ${max}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case '--base': o.base = value().replace(/\/+$/, ''); break;
      case '--concurrency': o.concurrency = integer(name, value(), 1, LIMITS.concurrency); break;
      case '--requests': o.requests = integer(name, value(), 1, LIMITS.requests); break;
      case '--warmup': o.warmup = integer(name, value(), 0, LIMITS.warmup); break;
      case '--valueset': o.valueset = value(); break;
      case '--system': o.system = value(); break;
      case '--token': o.token = value(); break;
      case '--load': o.load = value(); break;
      case '--expect-total': o.expectTotal = integer(name, value(), 1, 10_000_000); break;
      case '--wait-seconds': o.waitSeconds = integer(name, value(), 0, LIMITS.waitSeconds); break;
      case '--wait-preexpanded': o.waitPreexpanded = true; break;
      case '--seed': o.seed = integer(name, value(), 0, 2 ** 32 - 1); break;
      case '--out': o.out = value(); break;
      case '--allow-remote': o.allowRemote = true; break;
      case '-h': case '--help': console.log(USAGE); process.exit(0); break;
      default: throw new UsageError(`unknown option ${argv[i]}`);
    }
  }
  let url;
  try {
    url = new URL(o.base);
  } catch {
    throw new UsageError(`--base ${o.base} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError('--base must be http(s)');
  if (!o.allowRemote && !isLoopback(url.hostname)) {
    throw new UsageError(`--base ${o.base} is not a loopback address; pass --allow-remote to benchmark another host`);
  }
  if (o.load && (o.system !== BENCH_SYSTEM || o.valueset !== BENCH_VALUESET)) {
    throw new UsageError(`with --load, --system and --valueset must be left at ${BENCH_SYSTEM} and ${BENCH_VALUESET}`);
  }
  return o;
}

function isLoopback(hostname) {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** One HTTP exchange with the server under --base; never follows redirects elsewhere. */
async function call(o, method, path, { query, body, timeoutMs = REQUEST_TIMEOUT_MS } = {}) {
  const url = new URL(o.base + path);
  for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, String(v));
  const headers = { Accept: FHIR_JSON };
  if (body !== undefined) headers['Content-Type'] = FHIR_JSON;
  if (o.token) headers.Authorization = `Bearer ${o.token}`;
  const started = performance.now();
  let status = 0;
  let json = null;
  let error = null;
  try {
    const response = await fetch(url, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = response.status;
    const text = await response.text();
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
      if (status >= 200 && status < 300) error = 'response is not JSON';
    }
    if (status < 200 || status >= 300) error = `HTTP ${status}: ${outcomeText(json) ?? text.slice(0, 300)}`;
  } catch (e) {
    error = e.name === 'TimeoutError' ? `timeout after ${timeoutMs} ms` : `${e.name}: ${e.cause?.message ?? e.message}`;
  }
  return { status, json, error, ms: performance.now() - started };
}

function outcomeText(json) {
  if (json?.resourceType !== 'OperationOutcome') return null;
  return (json.issue ?? []).map((i) => i.diagnostics ?? i.details?.text ?? i.code).join('; ');
}

function authHint(o) {
  return o.token
    ? 'The server answered 401 Unauthorized: the token given with --token was not accepted (expired, or not for this server?).'
    : 'The server answered 401 Unauthorized: it needs a bearer token. Pass --token <access token> (an administrator token for --load).';
}

/** A call outside the measurements: a 401 stops the benchmark with a clear message, other failures throw. */
async function setupCall(o, method, path, options) {
  const r = await call(o, method, path, options);
  if (r.status === 401) throw new AuthError(authHint(o));
  if (r.error) throw new Error(`${method} ${path}: ${r.error}`);
  return r.json;
}

function parameter(parameters, name) {
  return (parameters?.parameter ?? []).find((p) => p.name === name);
}

async function loadSyntheticFile(o) {
  const bytes = readFileSync(o.load);
  if (bytes.length > 20 * 1024 * 1024) throw new UsageError(`${o.load} is larger than 20 MB; this is meant for the synthetic file`);
  const rows = bytes.toString('utf8').split(/\r?\n/).filter((l) => l.trim()).length - 1;
  const codes = bytes.toString('utf8').split(/\r?\n/).slice(1).filter((l) => l.trim()).map((l) => l.split(';')[0].replace(/^"|"$/g, ''));
  console.log(`loading ${o.load} (${rows} codes, ${(bytes.length / 1024).toFixed(0)} KiB) as ${BENCH_SYSTEM}|${BENCH_VERSION} ...`);
  const started = performance.now();
  const result = await setupCall(o, 'POST', '/$load-terminology', {
    timeoutMs: LOAD_TIMEOUT_MS,
    body: {
      resourceType: 'Parameters',
      parameter: [
        { name: 'kind', valueCode: 'finnkode' },
        { name: 'url', valueUri: BENCH_SYSTEM },
        { name: 'version', valueString: BENCH_VERSION },
        { name: 'file', valueAttachment: { contentType: 'text/csv', title: basename(o.load), data: bytes.toString('base64') } },
      ],
    },
  });
  const concepts = parameter(result, 'concepts')?.valueInteger;
  const resource = parameter(result, 'resource')?.valueReference?.reference;
  const seconds = (performance.now() - started) / 1000;
  console.log(`loaded ${concepts ?? '?'} concepts into ${resource ?? '?'} in ${seconds.toFixed(1)} s`);
  await setupCall(o, 'PUT', `/ValueSet/${BENCH_VALUESET_ID}`, {
    body: {
      resourceType: 'ValueSet', id: BENCH_VALUESET_ID, url: BENCH_VALUESET, version: BENCH_VERSION,
      name: 'BenchSyntheticClassification', title: 'Synthetic classification for the type-ahead benchmark',
      status: 'active', experimental: true,
      compose: { include: [{ system: BENCH_SYSTEM }] },
    },
  });
  console.log(`ValueSet/${BENCH_VALUESET_ID} (${BENCH_VALUESET}) includes the whole system`);
  return { file: o.load, rows, concepts: concepts ?? null, resource: resource ?? null, seconds, codes };
}

function expansionMode(valueSet) {
  const messages = (valueSet?.meta?.extension ?? []).filter((e) => e.url === EXPANSION_MESSAGE).map((e) => e.valueString ?? '');
  if (messages.some((m) => m.includes('pre-calculated'))) return 'pre-expanded';
  if (messages.some((m) => m.includes('in-memory') || m.includes('not yet been pre-expanded'))) return 'in-memory';
  return 'unknown';
}

/** Polls $expand?count=1 (every 2 s, bounded by --wait-seconds) until the total is reached. */
async function waitForExpansion(o, expectedTotal) {
  const deadline = performance.now() + o.waitSeconds * 1000;
  let total = null;
  let mode = 'unknown';
  for (let attempt = 0; ; attempt++) {
    const r = await call(o, 'GET', '/ValueSet/$expand', { query: { url: o.valueset, count: 1 } });
    if (r.status === 401) throw new AuthError(authHint(o));
    if (r.error && expectedTotal == null && !o.waitPreexpanded) throw new Error(`$expand of ${o.valueset}: ${r.error}`);
    if (!r.error) {
      total = r.json?.expansion?.total ?? null;
      mode = expansionMode(r.json);
      const complete = expectedTotal == null || (total != null && total >= expectedTotal);
      if (complete && (!o.waitPreexpanded || mode === 'pre-expanded')) {
        return { total, mode, waited: true, complete: true };
      }
    } else if (attempt === 0 || performance.now() >= deadline) {
      console.log(`  $expand not ready yet: ${r.error}`);
    }
    if (performance.now() >= deadline) {
      console.log(`WARNING: after ${o.waitSeconds} s the expansion has total ${total ?? '?'} (expected ${expectedTotal ?? 'any'}), ` +
        `mode ${mode}; measuring anyway`);
      return { total, mode, waited: true, complete: false };
    }
    if (attempt % 5 === 0) console.log(`  waiting for the expansion: total ${total ?? '?'} of ${expectedTotal ?? '?'}, mode ${mode}`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

/** Codes to validate and look up, from the ValueSet's expansion (first 1000) when not loaded here. */
async function discoverCodes(o) {
  const vs = await setupCall(o, 'GET', '/ValueSet/$expand', { query: { url: o.valueset, count: 1000 } });
  const codes = (vs?.expansion?.contains ?? []).filter((c) => !o.system || !c.system || c.system === o.system).map((c) => c.code);
  if (codes.length === 0) throw new Error(`the ValueSet ${o.valueset} expands to no codes of ${o.system}; load something first (--load)`);
  return codes;
}

function buildMix(o, codes, n, random) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  const expand = [];
  const validate = [];
  const lookup = [];
  for (let i = 0; i < n; i++) {
    if (random() < 0.1) {
      const code = pick(codes);
      expand.push({ prefix: code.slice(0, Math.min(code.length, 2 + Math.floor(random() * 2))), kind: 'code' });
    } else {
      const word = pick(NORWEGIAN_WORDS);
      expand.push({ prefix: word.slice(0, 1 + Math.floor(random() * Math.min(5, word.length))), kind: 'word' });
    }
    if (random() < 0.8) {
      validate.push({ code: pick(codes), expected: true });
    } else {
      validate.push({ code: `${pick(codes)}X${Math.floor(random() * 10)}`, expected: false });
    }
    lookup.push({ code: pick(codes) });
  }
  return { expand, validate, lookup };
}

/** Counts a failed check; distinct messages are kept (at most 20) with how often they occurred. */
function fail(stats, message) {
  if (stats.failures.has(message) || stats.failures.size < 20) {
    stats.failures.set(message, (stats.failures.get(message) ?? 0) + 1);
  } else {
    stats.otherFailures++;
  }
}

const OPERATIONS = {
  expand: {
    label: '$expand (filter)',
    request: (o, item) => ['/ValueSet/$expand', { url: o.valueset, filter: item.prefix, count: 10 }],
    check: (item, json, stats) => {
      const hits = Math.max(json?.expansion?.total ?? 0, json?.expansion?.contains?.length ?? 0);
      const key = item.kind === 'code' ? `code ${item.prefix.length}` : `word ${item.prefix.length}`;
      const bucket = (stats.byPrefix[key] ??= { requests: 0, noMatch: 0 });
      bucket.requests++;
      if (hits === 0) {
        bucket.noMatch++;
        if (item.kind === 'word' && item.prefix.length === 1) fail(stats, `$expand filter=${item.prefix} (one letter) matched nothing`);
      }
    },
  },
  validate: {
    label: '$validate-code',
    request: (o, item) => ['/ValueSet/$validate-code', { url: o.valueset, system: o.system, code: item.code }],
    check: (item, json, stats) => {
      const result = parameter(json, 'result')?.valueBoolean;
      if (result !== item.expected) {
        stats.mismatches++;
        fail(stats, `$validate-code code=${item.code} answered result=${result}, expected ${item.expected}`);
      }
    },
  },
  lookup: {
    label: '$lookup',
    request: (o, item) => ['/CodeSystem/$lookup', { system: o.system, code: item.code }],
    check: () => {},
  },
};

/** Runs the items with o.concurrency workers; returns the statistics (only when measured). */
async function runPhase(o, operation, items) {
  const op = OPERATIONS[operation];
  const stats = {
    latencies: [], errors: 0, unauthorized: 0, errorSamples: [], byPrefix: {}, mismatches: 0, failures: new Map(), otherFailures: 0,
  };
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      const [path, query] = op.request(o, item);
      const r = await call(o, 'GET', path, { query });
      stats.latencies.push(r.ms);
      if (r.error) {
        stats.errors++;
        if (r.status === 401) stats.unauthorized++;
        if (stats.errorSamples.length < 5) stats.errorSamples.push(`${path}?${new URLSearchParams(query)}: ${r.error}`);
      } else {
        op.check(item, r.json, stats);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency, items.length) }, worker));
  stats.seconds = (performance.now() - started) / 1000;
  return stats;
}

function summarise(stats) {
  const sorted = [...stats.latencies].sort((a, b) => a - b);
  const percentile = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : null);
  const round = (x) => (x == null ? null : Math.round(x * 100) / 100);
  return {
    count: sorted.length,
    errors: stats.errors,
    throughputPerSecond: round(sorted.length / stats.seconds),
    seconds: round(stats.seconds),
    latencyMs: {
      p50: round(percentile(50)), p95: round(percentile(95)), p99: round(percentile(99)), max: round(sorted.at(-1)),
      mean: round(sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1)),
    },
  };
}

function printTable(results) {
  const rows = [['operation', 'requests', 'errors', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms']];
  for (const [name, r] of Object.entries(results)) {
    rows.push([OPERATIONS[name].label, r.count, r.errors, r.throughputPerSecond, r.latencyMs.p50, r.latencyMs.p95, r.latencyMs.p99, r.latencyMs.max]
      .map((v) => String(v ?? '-')));
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log(r.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  '));
}

async function main() {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`typeahead-bench: ${e.message}\n\n${USAGE}`);
    process.exit(2);
  }
  const report = {
    base: o.base, valueset: o.valueset, system: o.system, concurrency: o.concurrency, requests: o.requests,
    warmup: o.warmup, seed: o.seed, startedAt: new Date().toISOString(), load: null, expansion: null, results: {},
    expandNoMatchByPrefix: null, validateMismatches: 0, errorSamples: [], failures: [], ok: false,
  };
  try {
    let codes = null;
    let expectedTotal = o.expectTotal;
    if (o.load) {
      const loaded = await loadSyntheticFile(o);
      codes = loaded.codes;
      expectedTotal = loaded.concepts ?? loaded.rows;
      delete loaded.codes;
      report.load = loaded;
    }
    report.expansion = await waitForExpansion(o, expectedTotal);
    console.log(`expansion: total ${report.expansion.total ?? '?'}, ${report.expansion.mode}`);
    codes ??= await discoverCodes(o);

    const mix = buildMix(o, codes, o.warmup + o.requests, prng(o.seed));
    for (const operation of Object.keys(OPERATIONS)) {
      const items = mix[operation];
      if (o.warmup > 0) await runPhase(o, operation, items.slice(0, o.warmup));
      const stats = await runPhase(o, operation, items.slice(o.warmup));
      report.results[operation] = summarise(stats);
      report.errorSamples.push(...stats.errorSamples);
      if (operation === 'expand') report.expandNoMatchByPrefix = stats.byPrefix;
      if (operation === 'validate') report.validateMismatches = stats.mismatches;
      if (stats.errors > 0) report.failures.push(`${OPERATIONS[operation].label}: ${stats.errors} of ${stats.latencies.length} requests failed`);
      for (const [message, times] of stats.failures) report.failures.push(times > 1 ? `${message} (${times} times)` : message);
      if (stats.otherFailures > 0) report.failures.push(`${OPERATIONS[operation].label}: ${stats.otherFailures} more failed checks`);
      if (stats.unauthorized > 0) throw new AuthError(authHint(o));
    }
  } catch (e) {
    // AuthError: the message says a token is needed (or was refused); other errors: setup failed
    report.failures.push(e instanceof AuthError ? e.message : `stopped: ${e.message}`);
  }

  report.finishedAt = new Date().toISOString();
  report.ok = report.failures.length === 0 && Object.keys(report.results).length === Object.keys(OPERATIONS).length;
  if (Object.keys(report.results).length > 0) {
    console.log('');
    printTable(report.results);
  }
  if (report.expandNoMatchByPrefix) {
    const parts = Object.entries(report.expandNoMatchByPrefix).sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}: ${v.noMatch}/${v.requests}`);
    console.log(`$expand without a match, by prefix kind and length: ${parts.join(', ')}`);
  }
  for (const sample of report.errorSamples.slice(0, 3)) console.log(`error: ${sample}`);
  const shownFailures = report.failures.slice(0, 10);
  for (const f of shownFailures) console.log(`FAIL: ${f}`);
  if (report.failures.length > shownFailures.length) console.log(`FAIL: ... ${report.failures.length - shownFailures.length} more`);
  if (o.out) {
    writeFileSync(o.out, JSON.stringify(report, null, 2) + '\n');
    console.log(`results written to ${o.out}`);
  }
  console.log(report.ok ? 'OK' : 'FAILED');
  process.exit(report.ok ? 0 : 1);
}

main().catch((e) => {
  console.error(`typeahead-bench: ${e.stack ?? e}`);
  process.exit(1);
});
