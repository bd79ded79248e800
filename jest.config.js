// Two projects so `npm run test:unit` stays fast while `npm test` runs everything.
// The Swagger CLI plugin runs inside ts-jest too, so tests see the same OpenAPI metadata as the build.
const transform = {
  // @fastify/static (which serves the Swagger UI) requires content-disposition, an ES module that
  // Node loads natively but jest's CommonJS runtime cannot: transpile just that package.
  'node_modules/content-disposition/.+\\.js$': [
    'ts-jest',
    { tsconfig: { allowJs: true, module: 'commonjs' }, isolatedModules: true },
  ],
  '^.+\\.ts$': [
    'ts-jest',
    {
      tsconfig: 'tsconfig.json',
      astTransformers: { before: ['<rootDir>/test/support/swagger-plugin.transformer.js'] },
    },
  ],
};
const moduleNameMapper = {
  '^@app/(contracts|config|tasks|scheduler|messaging|redis)$': '<rootDir>/libs/$1/src',
};
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform,
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  moduleNameMapper,
};

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'],
    },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
