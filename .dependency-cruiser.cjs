// Dependency rules for the hub (issue 12), checked in CI by `npm run deps:check`.
//
// A "module" is a top-level folder under src/ (src/console, src/routing, src/auth, src/bot,
// src/hub, src/permits, ...) or one channel folder under channels/ (channels/telegram, ...).
// Files directly in src/ (main.ts, app.module.ts, embedded-redis.ts) and directly in
// channels/ (index.ts: the channel list; media-download.ts: shared by the channels) are the
// composition root / shared channel code and belong to no module.
//
// Today's code breaks these rules while the restructure is under way. The violations of the
// day the rules were introduced are listed in .dependency-cruiser-known-violations.json,
// a TEMPORARY baseline: `deps:check` ignores them and fails on every new one. The baseline
// may only shrink: after removing violations run `npm run deps:baseline` and commit the
// smaller file; never add entries by hand. Delete the file once it is empty.
//
// Module-level cycles (module A imports B and B imports A, even through different files)
// are checked by scripts/deps-modules.ts against its own baseline,
// scripts/deps-module-cycles.baseline.json; the `no-circular-between-modules` rule below
// catches the file-level cycles that cross modules.

/**
 * What another module may import of a module: its public files. Pragmatic for now; tighten
 * this list (e.g. to `/index\.ts$` and `\.ports\.ts$` only) as modules grow barrels.
 * Each entry is a regular expression matched against the imported file's path.
 */
const PUBLIC_FILES = [
  '\\.module\\.ts$',
  '\\.ports\\.ts$',
  '/index\\.ts$', // any barrel, sub-barrels (src/bot/nlu/index.ts) included; tighten to `^(src|channels)/[^/]+/index\\.ts$` later
  '\\.entity\\.ts$',
  '\\.types\\.ts$',
  '\\.repository\\.ts$',
  '\\.config\\.ts$', // a module's configuration schema and docs (collected for .env.example)
  '/ports\\.ts$', // a module's ports barrel (src/hub/ports.ts)
  '^src/auth/auth\\.guard\\.ts$', // the guard every officers' controller is behind
];

/**
 * Shared kernel: every file of these modules is public (they are meant to be imported
 * everywhere and depend on nothing but each other and node_modules).
 */
const SHARED_KERNEL = ['src/common/', 'src/config/', 'src/logging/'];

/**
 * Infrastructure every module uses as it is (connections, transactions, audit trail, the in-process
 * signal bus): public like the kernel, but allowed to know the Principal type.
 */
const INFRASTRUCTURE = ['src/database/', 'src/redis/', 'src/realtime/', 'src/audit/', 'src/signals/', 'src/schema/'];

/**
 * What a channel (channels/<name>) may import besides its own folder, the shared files
 * directly in channels/ and node_modules / node built-ins.
 */
const CHANNEL_ALLOWED = [
  '^src/hub/index\\.ts$', // the hub's public barrel (being created in the restructure)
  '^src/hub/ports[^/]*\\.ts$',
  ...SHARED_KERNEL.map((p) => `^${p}`),
  // TEMPORARY: channels still reach src/database (transaction runner, entities) until the
  // restructure gives them hub ports for it. Remove this line then.
  '^src/database/',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular-between-modules',
      severity: 'error',
      comment:
        'A file-level import cycle that leaves its module (it runs through files of another module). ' +
        'Cycles inside one module are tolerated here; break cross-module cycles with ports or by moving code.',
      from: { path: '^(src|channels)/([^/]+)/' },
      to: { circular: true, via: { pathNot: '^$1/$2/' } },
    },
    {
      name: 'channels-only-hub-public',
      severity: 'error',
      comment:
        "A channel may import only its own folder, channels/*.ts, src/hub's public barrel (src/hub/index.ts, src/hub/ports*.ts), " +
        'src/config, src/common, src/logging, src/database (temporarily) and node_modules.',
      from: { path: '^channels/([^/]+)/' },
      to: {
        couldNotResolve: false, // optional packages that are not installed (qrcode-terminal) are no hub internals
        dependencyTypesNot: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'npm-no-pkg', 'npm-unknown'],
        pathNot: ['^channels/$1/', '^channels/[^/]+\\.ts$', 'node_modules/', ...CHANNEL_ALLOWED],
      },
    },
    {
      name: 'shared-kernel-independent',
      severity: 'error',
      comment: 'The shared kernel (src/common, src/config, src/logging) may import only itself and node_modules, never a feature module or a channel.',
      from: { path: SHARED_KERNEL.map((p) => `^${p}`) },
      to: { path: '^(src|channels)/', pathNot: SHARED_KERNEL.map((p) => `^${p}`) },
    },
    {
      name: 'no-module-internals',
      severity: 'error',
      comment:
        "A module imports another module's internals: only its public files (see PUBLIC_FILES in .dependency-cruiser.cjs) " +
        'and the shared kernel (src/common, src/config, src/logging) may be imported from outside.',
      from: { path: '^(src|channels)/([^/]+)/' },
      to: {
        path: '^(src|channels)/[^/]+/',
        pathNot: ['^$1/$2/', ...PUBLIC_FILES, ...SHARED_KERNEL.map((p) => `^${p}`), ...INFRASTRUCTURE.map((p) => `^${p}`)],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.spec\\.ts$', '\\.e2e-spec\\.ts$', '(^|/)dist/', '(^|/)web/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
    reporterOptions: {
      dot: {
        collapsePattern: '^(src|channels)/[^/]+|node_modules/(@[^/]+/[^/]+|[^/]+)',
      },
      text: { highlightFocused: true },
    },
  },
};
