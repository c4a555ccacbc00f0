/** @type {import('jest').Config} */
// NestJS 12 packages are ESM-only; Node loads them through require(esm), but
// jest's own module loader does not, so swc also transforms those packages.
const esmOnly = ['@nestjs', 'file-type', 'strtok3', 'token-types', 'peek-readable', 'uint8array-extras', '@tokenizer'];
module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/test', '<rootDir>/src', '<rootDir>/channels'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  transform: {
    '^.+\\.(t|j|mj)s$': ['@swc/jest', { sourceMaps: 'inline', module: { type: 'commonjs' }, jsc: { target: 'es2022', parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, keepClassNames: true } }],
  },
  transformIgnorePatterns: [`node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  // Two files at a time on the 2-core CI machine (jest's default would be one): the e2e files
  // spend most of their time waiting on the processes they start. Their per-test limit is
  // generous because a crash test kills and restarts several processes and waits out a lock.
  maxWorkers: 2,
  testTimeout: 180000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
