// The one table of which code may import which (VS Code's `code-import-patterns`, Signal's
// layer rules). ESLint enforces it through scripts/eslint-import-rules.mjs, and
// test/unit/repo/boundaries.test.ts checks every source file of the tree against it (dynamic
// import() and require included) and finds no import circle anywhere. Change an edge here, and
// say why in the same commit.
//
// Layers point one way: base ← contract ← core ← shell / harness; renderer ← contract; the
// simulator plays Stripe and knows nothing of the app; the hub shares base and the contract.
//
// Paths are repository-relative with forward slashes. A *door* is a folder's index.ts: from
// outside a core room only its door may be imported, and from outside main/core only
// main/core/index.ts (tests and the bench may use the rooms' doors).

/**
 * The core's rooms and the rooms each may import (through their doors). Every room may import
 * base/ and contract/. The composition root (main/core/app-core.ts) and the core's door
 * (main/core/index.ts) may import every room.
 */
export const CORE_ROOMS = {
  // Stripe's API through the SDK, key formats, and whether Stripe answers.
  stripe: [],
  // Secrets in the OS keychain: the Stripe key and the outbox's sealing key.
  keychain: ['stripe'],
  // Files on disk: the key-value surface, durable documents, settings, store notices.
  storage: [],
  // The local history without personal data: shards, index, search, CSV, retention.
  records: ['storage'],
  // A verification's lifecycle at Stripe: create, retry, cancel, redact; its facts and timeline.
  sessions: ['stripe'],
  // Following sessions through the Events API (or a hub's stream).
  watcher: ['sessions', 'storage', 'stripe'],
  // Creations queued while offline and sent exactly once.
  outbox: ['keychain', 'records', 'sessions', 'storage', 'stripe'],
  // The station's side of Countersign Hub: enrollment, credentials, stream, heartbeat, help.
  'hub-client': ['keychain', 'storage', 'stripe', 'watcher'],
  // The customer screen's state machine and its idle timer.
  customer: [],
  // The kiosk: staff-exit PIN, journal, walk-away, references.
  kiosk: ['customer', 'storage'],
  // The one backend in use (simulator, Stripe or hub), its parts, and start-up reconciliation.
  backend: ['hub-client', 'keychain', 'outbox', 'records', 'sessions', 'storage', 'stripe', 'watcher'],
  // What the windows see: status, verifications, diagnostics, window errors, the app's events;
  // and the core's face to its hosts (which names the updates' feed).
  app: [
    'backend',
    'customer',
    'hub-client',
    'outbox',
    'records',
    'sessions',
    'storage',
    'stripe',
    'updates',
    'watcher',
  ],
  // Updates: when to look (a schedule with jitter), from where (hub or Settings), and whether
  // the downloaded one may install now; main/shell/updater.ts drives electron-updater with it.
  updates: [],
  // Staff sign-in: members, roles, PINs (the kiosk's PIN machinery), idle sign-out.
  staff: ['kiosk', 'storage'],
  // The hash-chained audit trail of who did what, and its export.
  audit: ['storage'],
  // The contract's handlers, one file per namespace.
  handlers: [
    'app',
    'audit',
    'backend',
    'customer',
    'hub-client',
    'keychain',
    'kiosk',
    'records',
    'staff',
    'storage',
    'stripe',
  ],
};

/**
 * Top-level areas, first match wins: `may` lists the areas its files may import (its own
 * included where it imports itself). Core rooms are handled by CORE_ROOMS above.
 */
export const AREAS = [
  { area: 'base', files: /^base\//, may: ['base'] },
  { area: 'contract', files: /^contract\//, may: ['contract'] },
  { area: 'core', files: /^main\/core\//, may: ['base', 'contract', 'core'] },
  { area: 'simulator', files: /^main\/simulator\//, may: ['base', 'contract', 'simulator'] },
  { area: 'shell', files: /^main\/shell\//, may: ['base', 'contract', 'core', 'simulator', 'shell'] },
  { area: 'preload', files: /^preload\//, may: ['contract', 'preload'] },
  // The windows share only the contract (and base/) with the rest. Each window's code is its
  // own: staff/ (the console) and customer/ (the customer screen, the kiosk) never import each
  // other; shared/ (the call to main, the words, error reporting) imports neither.
  {
    area: 'renderer-staff',
    files: /^renderer\/src\/staff\//,
    may: ['base', 'contract', 'renderer-shared', 'renderer-staff'],
  },
  {
    area: 'renderer-customer',
    files: /^renderer\/src\/customer\//,
    may: ['base', 'contract', 'renderer-shared', 'renderer-customer'],
  },
  {
    area: 'renderer-shared',
    files: /^renderer\/src\/shared\//,
    may: ['base', 'contract', 'renderer-shared'],
  },
  // The pages and the build's own files around the three.
  {
    area: 'renderer',
    files: /^renderer\//,
    may: ['base', 'contract', 'renderer-staff', 'renderer-customer', 'renderer-shared'],
  },
  // The hub is its own server: base and the contract only; one file may start the simulator.
  {
    area: 'hub-dev-simulator',
    files: /^hub\/src\/dev-simulator\.ts$/,
    may: ['base', 'contract', 'hub', 'hub-fleet-overview', 'simulator'],
  },
  // The overview's and the dashboard's types are the server's, shared with the fleet page: they
  // import nothing.
  { area: 'hub-fleet-overview', files: /^hub\/src\/(fleet-overview|dashboard-types)\.ts$/, may: [] },
  // The policy, redaction and audit answers' types, shared with the fleet page: the contract only.
  { area: 'hub-fleet-api', files: /^hub\/src\/fleet-(policy|audit)-api\.ts$/, may: ['contract'] },
  // The update feed's shapes and codes, shared with the fleet page the same way: no imports.
  { area: 'hub-update-types', files: /^hub\/src\/updates\/types\.ts$/, may: [] },
  // The server starts the stand-in simulator in development and words the sign-in page with the
  // fleet page's catalogue.
  {
    area: 'hub',
    files: /^hub\/src\//,
    may: [
      'base',
      'contract',
      'hub',
      'hub-fleet-overview',
      'hub-fleet-api',
      'hub-update-types',
      'hub-dev-simulator',
      'fleet-page',
    ],
  },
  // The fleet page runs in the admin's browser.
  {
    area: 'fleet-page',
    files: /^hub\/fleet\//,
    may: ['base', 'contract', 'fleet-page', 'hub-fleet-overview', 'hub-fleet-api', 'hub-update-types'],
  },
  // Hosts and checks: the harness binds the contract like the shell does; tests, the bench and
  // scripts may use any layer, through its doors.
  {
    area: 'harness',
    files: /^test\/harness\//,
    may: ['base', 'contract', 'core', 'simulator', 'shell', 'harness', 'renderer-shared', 'test', 'tooling'],
  },
  { area: 'test', files: /^test\//, may: ['*'] },
  { area: 'bench', files: /^bench\//, may: ['*'] },
  // Build configuration and scripts at the root.
  { area: 'tooling', files: /^(scripts\/|[^/]+\.(m?js|ts)$)/, may: ['*'] },
];

/** The area a path belongs to, or null for files outside every area (node_modules, out/…). */
export function areaOf(path) {
  return AREAS.find((a) => a.files.test(path))?.area ?? null;
}

/** The core room of a path under main/core/<room>/, or null (the root files, other areas). */
export function coreRoomOf(path) {
  const match = /^main\/core\/([^/]+)\//.exec(path);
  return match ? match[1] : null;
}

const isCoreDoor = (path) => path === 'main/core/index.ts';
const isRoomDoor = (path) => /^main\/core\/[^/]+\/index\.ts$/.test(path);
const isSimulatorDoor = (path) => path === 'main/simulator/index.ts';

/**
 * Whether `from` may import `to` (both repository-relative). Returns null when it may, or the
 * reason it may not, in words a reader of the lint message can act on.
 */
export function importProblem(from, to) {
  const fromArea = areaOf(from);
  const toArea = areaOf(to);
  if (fromArea === null || toArea === null) return null;
  const rule = AREAS.find((a) => a.area === fromArea);
  const may = rule?.may ?? [];
  if (!may.includes('*') && !may.includes(toArea)) {
    return `${fromArea} may not import ${toArea} (scripts/import-rules.mjs lists what ${fromArea} may import: ${may.join(', ') || 'nothing'})`;
  }
  if (toArea === 'core') return coreProblem(from, to, fromArea);
  if (toArea === 'simulator' && fromArea !== 'simulator' && fromArea !== 'test' && !isSimulatorDoor(to)) {
    return `only main/simulator/index.ts is the simulator's door; import it from there`;
  }
  return null;
}

function coreProblem(from, to, fromArea) {
  const toRoom = coreRoomOf(to);
  if (fromArea === 'core') {
    const fromRoom = coreRoomOf(from);
    if (fromRoom === toRoom) return null; // inside one room (or between the root's own files)
    if (fromRoom === null) {
      // The composition root and the core's door reach rooms through their doors.
      return toRoom === null || isRoomDoor(to)
        ? null
        : `main/core/${toRoom}/ is entered by its door, main/core/${toRoom}/index.ts`;
    }
    if (toRoom === null)
      return `the ${fromRoom} room may not import the core's root (${to}): the root builds the rooms, not the other way`;
    if (!(CORE_ROOMS[fromRoom] ?? []).includes(toRoom)) {
      return `the ${fromRoom} room may not import the ${toRoom} room (CORE_ROOMS in scripts/import-rules.mjs lists ${fromRoom}: ${(CORE_ROOMS[fromRoom] ?? []).join(', ') || 'nothing'})`;
    }
    return isRoomDoor(to)
      ? null
      : `main/core/${toRoom}/ is entered by its door, main/core/${toRoom}/index.ts`;
  }
  if (fromArea === 'test' || fromArea === 'bench') {
    if (isCoreDoor(to) || isRoomDoor(to)) return null;
    // A test of a room's insides says so by where it lives: test/<kind>/core/<room>/.
    if (fromArea === 'test' && toRoom !== null && from.includes(`/core/${toRoom}/`)) return null;
    if (toRoom === null) return `tests reach the core's root through main/core/index.ts`;
    return `main/core/${toRoom}/ is entered by its door; a test of its insides lives in test/<kind>/core/${toRoom}/`;
  }
  return isCoreDoor(to) ? null : `outside the core, only its door main/core/index.ts may be imported`;
}
