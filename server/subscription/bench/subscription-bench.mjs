#!/usr/bin/env node
// subscription-bench: notification latency and ingest cost of 100 subscriptions on a Fjord server.
//
// Plain Node 20, no npm dependencies. It starts a rest-hook receiver on loopback, creates a mix of
// subscriptions against it, waits until they are active, runs the fhirbench ingest phase as a child
// process (plus a light stream of updates to a few watched patients), and measures for every
// notification the delay from the commit-ish time the server put in it to its arrival here. With
// --subscriptions 0 it runs the same traffic without subscriptions: the baseline. See README.md.

import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const BACKPORT = 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/';
const SECRET_EXTENSION = 'https://fjord-fhir.no/fhir/StructureDefinition/subscription-signing-secret';
const TOPIC = 'https://fjord-fhir.no/fhir/SubscriptionTopic/';
const LOINC = 'http://loinc.org';
const ICD10 = 'http://hl7.org/fhir/sid/icd-10';
const ATC = 'http://www.whocc.no/atc';
const OBS_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
// The codes fhirbench's generator uses (fhirbench.mjs: CONDITIONS, MEDICATIONS).
const CONDITION_CODES = ['E11.9', 'I10', 'J45.9', 'E78.5', 'K21.9', 'M54.5', 'F32.9', 'J44.9', 'I48.9', 'N18.3'];
const MEDICATION_CODES = ['A10BA02', 'C09AA05', 'C10AA05', 'R03AC02', 'A02BC01', 'N06AB06', 'B01AF01', 'C07AB02',
  'N02BE01', 'H03AA01'];
const HEART_RATE = '8867-4';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DEFAULTS = {
  base: null, patients: 200, concurrency: 8, seed: 1, subscriptions: 100, watched: 35, 'trickle-ms': 200,
  'drain-timeout': 300, 'active-timeout': 120, pid: null, out: null,
  fhirbench: path.resolve(HERE, '../../../../shared/bench/fhirbench.mjs'),
};

function parseArgs(argv) {
  const opts = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, '');
    if (!(name in DEFAULTS) || i + 1 >= argv.length) throw new Error(`unknown option or missing value: ${argv[i]}`);
    opts[name] = argv[++i];
  }
  if (!opts.base) throw new Error('--base URL is required');
  for (const key of ['patients', 'concurrency', 'seed', 'subscriptions', 'watched', 'trickle-ms', 'drain-timeout',
    'active-timeout']) opts[key] = Number(opts[key]);
  return opts;
}

const log = (message) => process.stderr.write(`[subscription-bench] ${message}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------
// FHIR client (keep-alive, JSON)
// ---------------------------------------------------------------------------

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

// A GET is tried once more when a kept-alive connection was closed under it (idle while fhirbench ran).
async function request(base, method, url, body) {
  try {
    return await requestOnce(base, method, url, body);
  } catch (error) {
    if (method !== 'GET' || !error.code) throw error;
    return requestOnce(base, method, url, body);
  }
}

function requestOnce(base, method, url, body) {
  const target = new URL(url.startsWith('http') ? url : `${base}/${url}`);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(target, {
      method, agent,
      headers: { Accept: 'application/fhir+json', ...(payload ? { 'Content-Type': 'application/fhir+json' } : {}) },
    }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode >= 300) reject(new Error(`${method} ${target.pathname}${target.search}: ${res.statusCode} ${text.slice(0, 300)}`));
        else resolve(text ? JSON.parse(text) : null);
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

async function count(base, query) {
  const sep = query.includes('?') ? '&' : '?';
  return (await request(base, 'GET', `${query}${sep}_summary=count`)).total;
}

// ---------------------------------------------------------------------------
// Watched patients: created before the ingest (in both modes), updated a little during it
// ---------------------------------------------------------------------------

async function createWatched(base, n) {
  const watched = [];
  for (let i = 0; i < n; i++) {
    const bundle = {
      resourceType: 'Bundle', type: 'transaction', entry: [
        { fullUrl: 'urn:uuid:p', request: { method: 'POST', url: 'Patient' }, resource: {
          resourceType: 'Patient', active: true, name: [{ family: 'Følgesen', given: [`Vakt${i}`] }] } },
        { fullUrl: 'urn:uuid:e', request: { method: 'POST', url: 'Encounter' }, resource: encounter('urn:uuid:p', 'in-progress') },
        { fullUrl: 'urn:uuid:o', request: { method: 'POST', url: 'Observation' }, resource: heartRate('urn:uuid:p', 'urn:uuid:e', 50) },
      ],
    };
    const response = await request(base, 'POST', '', bundle);
    const ids = response.entry.map((entry) => entry.response.location.split('/')[1]);
    watched.push({ patient: ids[0], encounter: ids[1], observation: ids[2], encounterStatus: 'in-progress', value: 50,
      observationVersion: '1' });
  }
  return watched;
}

function encounter(patient, status) {
  return { resourceType: 'Encounter', status, class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    subject: { reference: patient.startsWith('urn:') ? patient : `Patient/${patient}` }, period: { start: '2025-06-01T08:00:00+02:00' } };
}

function heartRate(patient, encounterRef, value) {
  const ref = (type, id) => ({ reference: id.startsWith('urn:') ? id : `${type}/${id}` });
  return { resourceType: 'Observation', status: 'final',
    category: [{ coding: [{ system: OBS_CATEGORY, code: 'vital-signs' }] }],
    code: { coding: [{ system: LOINC, code: HEART_RATE, display: 'Heart rate' }] },
    subject: ref('Patient', patient), encounter: ref('Encounter', encounterRef), effectiveDateTime: '2025-06-01T08:05:00+02:00',
    valueQuantity: { value, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' } };
}

// One update every trickleMs, round robin over the watched patients: the heart rate is corrected, or the
// encounter goes finished / in-progress. Returns what it did, for the expected notification counts.
function startTrickle(base, watched, trickleMs) {
  const done = { observationUpdates: new Map(), encountersFinished: new Map(), errors: 0, writes: 0 };
  let stop = false;
  let step = 0;
  const loop = (async () => {
    while (!stop && watched.length > 0) {
      const w = watched[Math.floor(step / 2) % watched.length];
      const started = Date.now();
      try {
        if (step % 2 === 0) {
          // A value unlike the one before: an update that changes nothing makes no version and no event.
          w.value = w.value === 60 + (step % 40) ? 100 : 60 + (step % 40);
          const stored = await request(base, 'PUT', `Observation/${w.observation}`,
            { ...heartRate(w.patient, w.encounter, w.value), id: w.observation });
          if (stored.meta.versionId !== w.observationVersion) {
            w.observationVersion = stored.meta.versionId;
            done.observationUpdates.set(w.patient, (done.observationUpdates.get(w.patient) ?? 0) + 1);
          }
        } else {
          const status = w.encounterStatus === 'finished' ? 'in-progress' : 'finished';
          await request(base, 'PUT', `Encounter/${w.encounter}`, { ...encounter(w.patient, status), id: w.encounter });
          w.encounterStatus = status;
          if (status === 'finished') done.encountersFinished.set(w.patient, (done.encountersFinished.get(w.patient) ?? 0) + 1);
        }
        done.writes++;
      } catch (error) {
        done.errors++;
        log(`trickle write failed: ${error.message}`);
      }
      step++;
      await sleep(Math.max(0, trickleMs - (Date.now() - started)));
    }
  })();
  return { done, stop: async () => { stop = true; await loop; } };
}

// ---------------------------------------------------------------------------
// The subscription mix
// ---------------------------------------------------------------------------

// Each entry: the Subscription to create, how many ingest notifications to expect (a search whose count
// grows by exactly that much), and how many per trickle write.
function subscriptionMix(total, watched) {
  const mix = [];
  const criteria = (query, name, extra = {}) => ({ name, kind: 'criteria', criteria: query, countQuery: query, ...extra });
  const topic = (topicName, filter, name, extra = {}) => ({ name, kind: 'topic', topic: TOPIC + topicName, filter, ...extra });
  // Population-wide (30): integrations and registries.
  const population = [
    topic('encounter-finished', null, 'encounter-finished (all)', { countQuery: 'Encounter', content: 'full-resource', onEncounterFinished: () => 1 }),
    topic('encounter-finished', null, 'encounter-finished (all, id-only)', { countQuery: 'Encounter', content: 'id-only', onEncounterFinished: () => 1 }),
    topic('lab-result-final', null, 'lab-result-final (all)', { countQuery: `Observation?category=${OBS_CATEGORY}|laboratory`, content: 'full-resource' }),
    topic('lab-result-final', null, 'lab-result-final (all, id-only)', { countQuery: `Observation?category=${OBS_CATEGORY}|laboratory`, content: 'id-only' }),
    criteria(`Observation?category=vital-signs&code=${LOINC}|${HEART_RATE}`, 'heart rate', { onObservationUpdate: () => 1 }),
    criteria(`Observation?category=vital-signs&code=${LOINC}|59408-5`, 'SpO2'),
    criteria(`Observation?code=${LOINC}|85354-9`, 'blood pressure'),
    criteria(`Observation?code=${LOINC}|29463-7`, 'body weight'),
    criteria(`Observation?code=${LOINC}|4548-4`, 'HbA1c'),
    criteria(`Observation?code=${LOINC}|2160-0`, 'creatinine'),
    ...CONDITION_CODES.map((code) => criteria(`Condition?code=${ICD10}|${code}`, `condition ${code}`)),
    ...MEDICATION_CODES.map((code) => criteria(`MedicationRequest?code=${ATC}|${code}`, `medication ${code}`)),
  ];
  mix.push(...population.slice(0, Math.min(population.length, total)));
  // Per patient (the rest, 70 of 100): a patient's app, two subscriptions per watched patient.
  for (let i = 0; mix.length < total; i++) {
    const w = watched[Math.floor(i / 2) % watched.length];
    if (i % 2 === 0) {
      mix.push(criteria(`Observation?patient=Patient/${w.patient}`, 'patient observations', {
        onObservationUpdate: (patient) => (patient === w.patient ? 1 : 0) }));
    } else {
      mix.push(topic('encounter-finished', `Encounter?patient=Patient/${w.patient}`, 'patient encounter-finished', {
        content: 'id-only', onEncounterFinished: (patient) => (patient === w.patient ? 1 : 0) }));
    }
  }
  return mix;
}

function subscriptionResource(spec, endpoint, secret) {
  const resource = {
    resourceType: 'Subscription', status: 'requested', reason: `subscription-bench: ${spec.name}`,
    criteria: spec.kind === 'criteria' ? spec.criteria : spec.topic,
    channel: {
      type: 'rest-hook', endpoint, payload: 'application/fhir+json',
      extension: [{ url: SECRET_EXTENSION, valueString: secret }],
    },
  };
  if (spec.kind === 'topic') {
    resource.meta = { profile: [`${BACKPORT}backport-subscription`] };
    if (spec.filter) resource._criteria = { extension: [{ url: `${BACKPORT}backport-filter-criteria`, valueString: spec.filter }] };
    resource.channel._payload = { extension: [{ url: `${BACKPORT}backport-payload-content`, valueCode: spec.content }] };
  }
  return resource;
}

// ---------------------------------------------------------------------------
// Receiver
// ---------------------------------------------------------------------------

function startReceiver(byKey) {
  const stats = { handshakes: 0, events: [], duplicates: 0, badSignatures: 0, outOfOrder: 0, unknown: 0, other: 0 };
  const seen = new Set();
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const arrived = Date.now();
      res.writeHead(200).end();
      const body = Buffer.concat(chunks);
      const key = req.url.split('/')[2];
      const sub = byKey.get(key);
      if (!sub) { stats.unknown++; return; }
      const id = req.headers['webhook-id'];
      const signed = createHmac('sha256', sub.key).update(`${id}.${req.headers['webhook-timestamp']}.`).update(body).digest('base64');
      if (req.headers['webhook-signature'] !== `v1,${signed}`) stats.badSignatures++;
      const note = classify(req.method, body);
      if (note.type === 'handshake') { stats.handshakes++; sub.handshaken = true; return; }
      if (note.type !== 'event') { stats.other++; return; }
      if (seen.has(id)) { stats.duplicates++; return; }
      seen.add(id);
      const number = Number(id.slice(id.lastIndexOf('-') + 1));
      if (number <= sub.lastNumber) stats.outOfOrder++;
      sub.lastNumber = Math.max(sub.lastNumber, number);
      sub.received++;
      stats.events.push({ committed: note.committed, latency: arrived - note.committed });
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, stats, port: server.address().port })));
}

// What a notification is, and the server's commit-ish time in it: the Backport Bundle's
// notification-event.timestamp, or for an R4 criteria PUT the resource's meta.lastUpdated.
function classify(method, body) {
  if (body.length === 0) return { type: 'handshake' }; // R4 criteria handshake: an empty POST
  const json = JSON.parse(body.toString('utf8'));
  if (method === 'PUT') return { type: 'event', committed: Date.parse(json.meta.lastUpdated) };
  const status = json.entry?.[0]?.resource;
  const type = status?.parameter?.find((p) => p.name === 'type')?.valueCode;
  if (type !== 'event-notification') return { type };
  const event = status.parameter.find((p) => p.name === 'notification-event');
  const timestamp = event.part.find((p) => p.name === 'timestamp');
  return { type: 'event', committed: Date.parse(timestamp.valueInstant) };
}

// ---------------------------------------------------------------------------
// Run
// ---------------------------------------------------------------------------

function runFhirbench(opts) {
  const args = [opts.fhirbench, '--base', opts.base, '--patients', String(opts.patients), '--concurrency',
    String(opts.concurrency), '--seed', String(opts.seed), '--phases', 'ingest'];
  if (opts.pid) args.push('--pid', String(opts.pid));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => { out += chunk; });
    child.on('error', reject);
    child.on('close', (code) => {
      try { resolve({ code, summary: JSON.parse(out) }); } catch (error) { reject(new Error(`fhirbench exited ${code}: ${out.slice(0, 500)}`)); }
    });
  });
}

function percentiles(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : null);
  return { count: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted.length ? sorted[sorted.length - 1] : null };
}

// Latency by when the change committed, in 5 s steps from the start of the ingest: a queue that grows
// shows as latency rising step by step, a stall as a step where nothing arrives early.
function timeline(events, start) {
  const steps = new Map();
  for (const event of events) {
    const step = Math.floor((event.committed - start) / 5000) * 5;
    if (!steps.has(step)) steps.set(step, []);
    steps.get(step).push(event.latency);
  }
  return [...steps.entries()].sort((a, b) => a[0] - b[0])
    .map(([second, latencies]) => ({ fromSecond: second, ...percentiles(latencies) }));
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const subscribed = opts.subscriptions > 0;
  log(`${subscribed ? opts.subscriptions + ' subscriptions' : 'baseline, no subscriptions'} against ${opts.base}`);
  const watched = await createWatched(opts.base, opts.watched);
  log(`${watched.length} watched patients created`);

  const byKey = new Map();
  const receiver = await startReceiver(byKey);
  const mix = subscribed ? subscriptionMix(opts.subscriptions, watched) : [];
  for (const [index, spec] of mix.entries()) {
    const key = `s${index}`;
    const keyBytes = randomBytes(32);
    const resource = subscriptionResource(spec, `http://127.0.0.1:${receiver.port}/hook/${key}`, `whsec_${keyBytes.toString('base64')}`);
    // Registered before the POST returns: the server may handshake at once.
    const sub = { ...spec, id: null, key: keyBytes, received: 0, lastNumber: 0, handshaken: false };
    byKey.set(key, sub);
    sub.id = (await request(opts.base, 'POST', 'Subscription', resource)).id;
  }
  if (subscribed) {
    const deadline = Date.now() + opts['active-timeout'] * 1000;
    let active = 0;
    while ((active = await count(opts.base, 'Subscription?status=active')) < mix.length) {
      if (Date.now() > deadline) throw new Error(`only ${active} of ${mix.length} subscriptions became active`);
      await sleep(500);
    }
    log(`${active} subscriptions active, ${receiver.stats.handshakes} handshakes received`);
  }

  const countQueries = [...new Set([...byKey.values()].map((s) => s.countQuery).filter(Boolean))];
  const before = Object.fromEntries(await Promise.all(countQueries.map(async (q) => [q, await count(opts.base, q)])));

  const trickle = startTrickle(opts.base, watched, opts['trickle-ms']);
  const ingestStart = Date.now();
  const bench = await runFhirbench(opts);
  const ingestEnd = Date.now();
  await trickle.stop();
  const ingest = bench.summary.phases?.ingest ?? {};
  log(`ingest: ${ingest.resourcesPerSecond} resources/s, ${ingest.bundlesPerSecond} bundles/s (fhirbench exit ${bench.code})`);

  let expected = 0;
  if (subscribed) {
    const after = Object.fromEntries(await Promise.all(countQueries.map(async (q) => [q, await count(opts.base, q)])));
    for (const sub of byKey.values()) {
      sub.expected = (sub.countQuery ? after[sub.countQuery] - before[sub.countQuery] : 0);
      for (const [patient, n] of trickle.done.observationUpdates) sub.expected += n * (sub.onObservationUpdate?.(patient) ?? 0);
      for (const [patient, n] of trickle.done.encountersFinished) sub.expected += n * (sub.onEncounterFinished?.(patient) ?? 0);
      expected += sub.expected;
    }
  }
  const got = () => receiver.stats.events.length;
  const deadline = Date.now() + opts['drain-timeout'] * 1000;
  while (got() < expected && Date.now() < deadline) await sleep(200);
  const drained = Date.now();
  await sleep(subscribed ? 3000 : 0); // late duplicates
  receiver.server.close();
  agent.destroy();

  const events = receiver.stats.events;
  const duringIngest = events.filter((e) => e.committed >= ingestStart && e.committed <= ingestEnd);
  const missing = [...byKey.values()].filter((s) => s.received !== s.expected)
    .map((s) => ({ name: s.name, id: s.id, expected: s.expected, received: s.received }));
  const summary = {
    mode: subscribed ? 'subscriptions' : 'baseline',
    options: { ...opts, fhirbench: undefined },
    ingest: { ok: bench.summary.ok, exitCode: bench.code, wallSeconds: ingest.wallSeconds, resourcesCreated: ingest.resourcesCreated,
      resourcesPerSecond: ingest.resourcesPerSecond, bundlesPerSecond: ingest.bundlesPerSecond, bundleLatency: ingest.latency,
      serverProcess: bench.summary.phases?.ingest?.serverProcess },
    trickle: { writes: trickle.done.writes, errors: trickle.done.errors },
    notifications: subscribed ? {
      subscriptions: byKey.size, expected, received: events.length, duplicates: receiver.stats.duplicates,
      outOfOrder: receiver.stats.outOfOrder, badSignatures: receiver.stats.badSignatures, handshakes: receiver.stats.handshakes,
      unknown: receiver.stats.unknown, other: receiver.stats.other,
      drainSecondsAfterIngest: Math.round((drained - ingestEnd) / 100) / 10,
      perSecondDuringIngest: Math.round(duringIngest.length / ((ingestEnd - ingestStart) / 1000)),
      latencyMs: percentiles(events.map((e) => e.latency)),
      latencyMsCommittedDuringIngest: percentiles(duringIngest.map((e) => e.latency)),
      timeline: timeline(events, ingestStart),
      mismatched: missing.slice(0, 10), mismatchedCount: missing.length,
    } : null,
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  if (opts.out) (await import('node:fs')).writeFileSync(opts.out, `${JSON.stringify(summary, null, 2)}\n`);
  if (subscribed) {
    const n = summary.notifications;
    log(`notifications: expected ${n.expected}, received ${n.received}, duplicates ${n.duplicates}, out of order ${n.outOfOrder}, `
      + `bad signatures ${n.badSignatures}; latency ms p50 ${n.latencyMs.p50} p95 ${n.latencyMs.p95} p99 ${n.latencyMs.p99} max ${n.latencyMs.max}`);
  }
  const ok = bench.code === 0 && trickle.done.errors === 0
    && (!subscribed || (missing.length === 0 && receiver.stats.duplicates === 0 && receiver.stats.badSignatures === 0));
  process.exitCode = ok ? 0 : 1;
}

main().catch((error) => {
  log(`failed: ${error.stack ?? error}`);
  process.exit(3);
});
