#!/usr/bin/env node
// Writes a synthetic classification in the FinnKode CSV layout Fjord's $load-terminology (kind finnkode) reads:
// UTF-8, semicolon-separated, ICD-10-shaped codes without a dot (three-character categories A00..Z99, four-character
// children under them), Norwegian texts built from a vocabulary of medical words, English texts from a parallel
// vocabulary. Deterministic: the same --count and --seed always give the same bytes. The content is made up.
//
//   node generate-synthetic-codesystem.mjs [--count 12000] [--seed 20250101] [--out /tmp/fjord-bench/synthetic-classification.csv]
//
// The vocabulary is exported for typeahead-bench.mjs, which draws its filter prefixes from it.

import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_COUNT = 12000;
export const DEFAULT_SEED = 20250101;
export const DEFAULT_OUT = join(tmpdir(), 'fjord-bench', 'synthetic-classification.csv');
export const HEADER = ['Kode', 'Tekst uten lengdebegrensning', 'Tekst med maksimalt 60 tegn', 'Gyldig fra', 'Gyldig til',
  'Foreldrekode', 'Engelsk tekst'];
const MAX_CATEGORIES = 26 * 100; // A00..Z99
const MAX_CHILDREN = 10; // one digit
export const MAX_COUNT = MAX_CATEGORIES * (1 + MAX_CHILDREN);

// [Norwegian, English]
export const MODIFIERS = [
  ['akutt', 'acute'], ['kronisk', 'chronic'], ['medfødt', 'congenital'], ['ervervet', 'acquired'],
  ['tilbakevendende', 'recurrent'], ['alvorlig', 'severe'], ['lett', 'mild'], ['moderat', 'moderate'],
  ['primær', 'primary'], ['sekundær', 'secondary'], ['ondartet', 'malignant'], ['godartet', 'benign'],
  ['bakteriell', 'bacterial'], ['viral', 'viral'], ['allergisk', 'allergic'], ['traumatisk', 'traumatic'],
  ['degenerativ', 'degenerative'], ['inflammatorisk', 'inflammatory'], ['idiopatisk', 'idiopathic'],
  ['arvelig', 'hereditary'], ['postoperativ', 'postoperative'], ['diabetisk', 'diabetic'],
  ['hypertensiv', 'hypertensive'], ['iskemisk', 'ischaemic'], ['obstruktiv', 'obstructive'],
  ['infeksiøs', 'infectious'], ['toksisk', 'toxic'], ['spontan', 'spontaneous'], ['lokalisert', 'localised'],
  ['generalisert', 'generalised'], ['bilateral', 'bilateral'], ['ensidig', 'unilateral'], ['øvre', 'upper'],
  ['nedre', 'lower'], ['høyre', 'right'], ['venstre', 'left'], ['fremre', 'anterior'], ['bakre', 'posterior'],
  ['indre', 'internal'], ['ytre', 'external'], ['dyp', 'deep'], ['overfladisk', 'superficial'], ['åpen', 'open'],
  ['lukket', 'closed'], ['ustabil', 'unstable'], ['stabil', 'stable'], ['komplisert', 'complicated'],
  ['ukomplisert', 'uncomplicated'], ['atypisk', 'atypical'], ['nattlig', 'nocturnal'], ['tidlig', 'early'],
  ['sen', 'late'], ['funksjonell', 'functional'], ['strukturell', 'structural'], ['systemisk', 'systemic'],
  ['perifer', 'peripheral'], ['sentral', 'central'], ['psykogen', 'psychogenic'], ['nevrogen', 'neurogenic'],
  ['vaskulær', 'vascular'], ['multippel', 'multiple'], ['residiverende', 'relapsing'], ['subakutt', 'subacute'],
  ['latent', 'latent'], ['manifest', 'manifest'], ['fokal', 'focal'], ['diffus', 'diffuse'],
  ['sekundærinfisert', 'secondarily infected'], ['blødende', 'bleeding'], ['smertefull', 'painful'],
];

export const CONDITIONS = [
  ['infeksjon', 'infection'], ['betennelse', 'inflammation'], ['svulst', 'tumour'], ['brudd', 'fracture'],
  ['smerte', 'pain'], ['skade', 'injury'], ['blødning', 'haemorrhage'], ['sår', 'ulcer'], ['hodepine', 'headache'],
  ['forstuing', 'sprain'], ['lammelse', 'paralysis'], ['svikt', 'failure'], ['forstørrelse', 'enlargement'],
  ['innsnevring', 'stenosis'], ['utvidelse', 'dilatation'], ['cyste', 'cyst'], ['abscess', 'abscess'],
  ['fistel', 'fistula'], ['kreft', 'cancer'], ['misdannelse', 'malformation'], ['forkalkning', 'calcification'],
  ['trombose', 'thrombosis'], ['emboli', 'embolism'], ['aneurisme', 'aneurysm'], ['arytmi', 'arrhythmia'],
  ['insuffisiens', 'insufficiency'], ['hypertrofi', 'hypertrophy'], ['atrofi', 'atrophy'], ['ødem', 'oedema'],
  ['eksem', 'eczema'], ['utslett', 'rash'], ['kløe', 'itch'], ['feber', 'fever'], ['kvalme', 'nausea'],
  ['oppkast', 'vomiting'], ['diaré', 'diarrhoea'], ['forstoppelse', 'constipation'], ['hoste', 'cough'],
  ['tungpust', 'dyspnoea'], ['svimmelhet', 'dizziness'], ['tretthet', 'fatigue'], ['angst', 'anxiety'],
  ['depresjon', 'depression'], ['søvnløshet', 'insomnia'], ['forgiftning', 'poisoning'], ['brannskade', 'burn'],
  ['frostskade', 'frostbite'], ['luksasjon', 'dislocation'], ['kontusjon', 'contusion'], ['ruptur', 'rupture'],
  ['perforasjon', 'perforation'], ['obstruksjon', 'obstruction'], ['polypp', 'polyp'], ['stein', 'calculus'],
  ['brokk', 'hernia'], ['prolaps', 'prolapse'], ['nekrose', 'necrosis'], ['fibrose', 'fibrosis'],
  ['sklerose', 'sclerosis'], ['dysplasi', 'dysplasia'], ['anemi', 'anaemia'], ['mangel', 'deficiency'],
  ['dehydrering', 'dehydration'], ['sjokk', 'shock'], ['kramper', 'seizures'], ['spasme', 'spasm'],
  ['lesjon', 'lesion'], ['deformitet', 'deformity'], ['stivhet', 'stiffness'], ['hevelse', 'swelling'],
  ['nummenhet', 'numbness'], ['synsforstyrrelse', 'visual disturbance'], ['hørselstap', 'hearing loss'],
  ['øresus', 'tinnitus'], ['allergi', 'allergy'], ['intoleranse', 'intolerance'], ['avhengighet', 'dependence'],
  ['komplikasjon', 'complication'], ['reaksjon', 'reaction'], ['lidelse', 'disorder'], ['sykdom', 'disease'],
  ['syndrom', 'syndrome'], ['tilstand', 'condition'], ['forsnevring', 'narrowing'], ['sammenvoksning', 'adhesion'],
  ['fortykkelse', 'thickening'], ['slitasje', 'wear'], ['forskyvning', 'displacement'], ['irritasjon', 'irritation'],
  ['overbelastning', 'overload'],
];

export const SITES = [
  ['hjerte', 'heart'], ['lunge', 'lung'], ['nyre', 'kidney'], ['lever', 'liver'], ['milt', 'spleen'],
  ['mage', 'stomach'], ['tarm', 'intestine'], ['tykktarm', 'colon'], ['tynntarm', 'small intestine'],
  ['endetarm', 'rectum'], ['spiserør', 'oesophagus'], ['bukspyttkjertel', 'pancreas'], ['galleblære', 'gallbladder'],
  ['urinblære', 'bladder'], ['prostata', 'prostate'], ['livmor', 'uterus'], ['eggstokk', 'ovary'],
  ['bryst', 'breast'], ['hud', 'skin'], ['hodebunn', 'scalp'], ['øye', 'eye'], ['øre', 'ear'], ['nese', 'nose'],
  ['bihule', 'sinus'], ['munn', 'mouth'], ['tunge', 'tongue'], ['tann', 'tooth'], ['tannkjøtt', 'gum'],
  ['svelg', 'pharynx'], ['strupe', 'larynx'], ['luftrør', 'trachea'], ['bronkie', 'bronchus'],
  ['skjoldbruskkjertel', 'thyroid gland'], ['binyre', 'adrenal gland'], ['hjerne', 'brain'],
  ['ryggmarg', 'spinal cord'], ['nerve', 'nerve'], ['vene', 'vein'], ['arterie', 'artery'], ['aorta', 'aorta'],
  ['lymfeknute', 'lymph node'], ['beinmarg', 'bone marrow'], ['skulder', 'shoulder'], ['albue', 'elbow'],
  ['håndledd', 'wrist'], ['hånd', 'hand'], ['finger', 'finger'], ['tommel', 'thumb'], ['hofte', 'hip'],
  ['lårhals', 'femoral neck'], ['lårben', 'femur'], ['kne', 'knee'], ['legg', 'calf'], ['ankel', 'ankle'],
  ['fot', 'foot'], ['tå', 'toe'], ['hæl', 'heel'], ['rygg', 'back'], ['nakke', 'neck'], ['korsrygg', 'lower back'],
  ['brystvegg', 'chest wall'], ['ribbein', 'rib'], ['kragebein', 'clavicle'], ['skulderblad', 'scapula'],
  ['bekken', 'pelvis'], ['ryggvirvel', 'vertebra'], ['mellomvirvelskive', 'intervertebral disc'],
  ['sene', 'tendon'], ['leddbånd', 'ligament'], ['muskel', 'muscle'], ['menisk', 'meniscus'],
  ['brusk', 'cartilage'], ['ledd', 'joint'], ['kjeve', 'jaw'], ['kinn', 'cheek'], ['panne', 'forehead'],
  ['øyelokk', 'eyelid'], ['hornhinne', 'cornea'], ['netthinne', 'retina'], ['trommehinne', 'eardrum'],
  ['mellomøre', 'middle ear'], ['hjerteklaff', 'heart valve'], ['hjertemuskel', 'myocardium'],
  ['hjertesekk', 'pericardium'], ['lungehinne', 'pleura'], ['bukhinne', 'peritoneum'], ['blindtarm', 'appendix'],
  ['urinleder', 'ureter'], ['urinrør', 'urethra'], ['testikkel', 'testis'], ['livmorhals', 'cervix'],
  ['morkake', 'placenta'], ['hypofyse', 'pituitary gland'], ['spyttkjertel', 'salivary gland'],
  ['mandel', 'tonsil'], ['negl', 'nail'], ['hårsekk', 'hair follicle'], ['svettekjertel', 'sweat gland'],
  ['underarm', 'forearm'], ['overarm', 'upper arm'], ['lår', 'thigh'], ['lyske', 'groin'],
];

// Qualifiers of the four-character children: [Norwegian, English]
export const QUALIFIERS = [
  ['med komplikasjon', 'with complication'], ['uten komplikasjon', 'without complication'],
  ['høyre side', 'right side'], ['venstre side', 'left side'], ['begge sider', 'both sides'],
  ['annen spesifisert', 'other specified'], ['uspesifisert', 'unspecified'], ['førstegangs', 'initial episode'],
  ['tilbakefall', 'relapse'], ['i svangerskap', 'in pregnancy'], ['hos barn', 'in children'],
  ['hos eldre', 'in the elderly'], ['etter skade', 'after injury'], ['etter operasjon', 'after surgery'],
  ['med blødning', 'with haemorrhage'], ['uten blødning', 'without haemorrhage'], ['med infeksjon', 'with infection'],
  ['med smerte', 'with pain'], ['i remisjon', 'in remission'], ['under behandling', 'under treatment'],
  ['med nyresvikt', 'with renal failure'], ['med hjertesvikt', 'with heart failure'],
];

/** Every distinct Norwegian word of the vocabulary, lower case (for type-ahead prefixes). */
export const NORWEGIAN_WORDS = [...new Set([...MODIFIERS, ...CONDITIONS, ...SITES, ...QUALIFIERS]
  .flatMap(([no]) => no.toLowerCase().split(/\s+/)))].filter((w) => w.length >= 2);

/** A small seeded PRNG (mulberry32): deterministic across Node versions, unlike Math.random. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const capitalise = (s) => s.charAt(0).toUpperCase() + s.slice(1);

function shortText(text) {
  if (text.length <= 60) return text;
  const cut = text.lastIndexOf(' ', 60);
  return (cut > 20 ? text.slice(0, cut) : text.slice(0, 60)).replace(/[ ,]+$/, '');
}

function csvField(value) {
  const s = value ?? '';
  return /[;"\r\n]/.test(s) ? '"' + s.replaceAll('"', '""') + '"' : s;
}

/**
 * The concepts, categories before their children: { code, text, parent, english }.
 * @param {number} count 1..MAX_COUNT
 */
export function generateConcepts(count = DEFAULT_COUNT, seed = DEFAULT_SEED) {
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) {
    throw new RangeError(`count must be an integer from 1 to ${MAX_COUNT}`);
  }
  const random = prng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];

  // Categories spread evenly over A00..Z99, about 4.6 codes per category (a category and its children).
  const categoryCount = Math.min(MAX_CATEGORIES, Math.max(1, Math.ceil(count / 4.6)));
  const categories = [];
  for (let i = 0; i < categoryCount; i++) {
    const index = Math.floor((i * MAX_CATEGORIES) / categoryCount);
    categories.push(String.fromCharCode(65 + Math.floor(index / 100)) + String(index % 100).padStart(2, '0'));
  }
  // Children per category: random 0..9, then adjusted one at a time (bounded) until the total is exact.
  const children = categories.map(() => Math.floor(random() * MAX_CHILDREN));
  let total = categoryCount + children.reduce((a, b) => a + b, 0);
  for (let guard = 0; total !== count && guard < 10 * MAX_COUNT; guard++) {
    const i = Math.floor(random() * categoryCount);
    if (total < count && children[i] < MAX_CHILDREN) { children[i]++; total++; }
    else if (total > count && children[i] > 0) { children[i]--; total--; }
  }
  if (total !== count) throw new Error(`could not distribute ${count} codes`); // cannot happen for count <= MAX_COUNT

  const concepts = [];
  const usedTexts = new Set();
  categories.forEach((category, i) => {
    let no;
    let en;
    if (i === 0) {
      [no, en] = ['Syntetisk kategori, ikke en ekte diagnose', 'Synthetic category, not a real diagnosis'];
    } else {
      for (let attempt = 0; attempt < 20; attempt++) {
        const [cNo, cEn] = pick(CONDITIONS);
        const [sNo, sEn] = pick(SITES);
        const shape = random();
        if (shape < 0.25) {
          [no, en] = [`${cNo} i ${sNo}`, `${cEn} of ${sEn}`];
        } else if (shape < 0.8) {
          const [mNo, mEn] = pick(MODIFIERS);
          [no, en] = [`${mNo} ${cNo} i ${sNo}`, `${mEn} ${cEn} of ${sEn}`];
        } else {
          const [m1No, m1En] = pick(MODIFIERS);
          const [m2No, m2En] = pick(MODIFIERS);
          [no, en] = m1No === m2No ? [`${m1No} ${cNo} i ${sNo}`, `${m1En} ${cEn} of ${sEn}`]
            : [`${m1No} ${m2No} ${cNo} i ${sNo}`, `${m1En} ${m2En} ${cEn} of ${sEn}`];
        }
        if (!usedTexts.has(no)) break;
      }
    }
    no = capitalise(no);
    en = capitalise(en);
    usedTexts.add(no.toLowerCase());
    concepts.push({ code: category, text: no, parent: null, english: en });
    // Children: distinct qualifiers, in a random order.
    const qualifiers = [...QUALIFIERS];
    for (let d = 0; d < children[i]; d++) {
      const [qNo, qEn] = qualifiers.splice(Math.floor(random() * qualifiers.length), 1)[0];
      concepts.push({ code: category + d, text: `${no}, ${qNo}`, parent: category, english: `${en}, ${qEn}` });
    }
  });
  return concepts;
}

/** The file's text (CRLF line ends, no byte order mark). */
export function toCsv(concepts) {
  const lines = [HEADER.join(';')];
  for (const c of concepts) {
    lines.push([c.code, c.text, shortText(c.text), '01.01.2025', '', c.parent ?? '', c.english].map(csvField).join(';'));
  }
  return lines.join('\r\n') + '\r\n';
}

function parseArgs(argv) {
  const options = { count: DEFAULT_COUNT, seed: DEFAULT_SEED, out: DEFAULT_OUT };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => inline ?? argv[++i];
    switch (name) {
      case '--count': options.count = Number(value()); break;
      case '--seed': options.seed = Number(value()); break;
      case '--out': options.out = value(); break;
      case '-h': case '--help':
        console.log('usage: node generate-synthetic-codesystem.mjs [--count 12000] [--seed 20250101] [--out FILE]');
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${argv[i]}`);
    }
  }
  if (!Number.isInteger(options.seed)) throw new Error('--seed must be an integer');
  if (!options.out) throw new Error('--out needs a file name');
  return options;
}

function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
    const concepts = generateConcepts(options.count, options.seed);
    const out = resolve(options.out);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, toCsv(concepts), 'utf8');
    console.log(`${out}\n${concepts.length} concepts (${concepts.filter((c) => !c.parent).length} categories)`);
  } catch (e) {
    console.error(`generate-synthetic-codesystem: ${e.message}`);
    process.exit(2);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main();
}
