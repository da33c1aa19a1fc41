// Browser tests: headless Debian Chromium (never a downloaded browser), TypeScript via esbuild.
// The shared test gold (.nova/test-demo/gold, built by scripts/test-all.mjs with `nova-etl demo`)
// is served at /gold/ with Range requests and ETags by the same handler `npm start` uses.
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { createStaticHandler } from './scripts/static-server.mjs';
import { oracleMiddleware } from './packages/components/test/oracle.mjs';
// core tests: reference answers, fault servers (incl. CORS-less and s3rver on other ports), DuckDB-WASM files
import { novaCoreTestMiddleware } from './packages/core/test/support/wtr-plugin.mjs';

const goldDir = process.env.NOVA_TEST_GOLD ?? '.nova/test-demo/gold';
// V8 coverage of the packages' sources when scripts/test-all.mjs asks for it (NOVA_COVERAGE_DIR):
// istanbul JSON, merged there with the Node tests' coverage into one report per package.
const coverageDir = process.env.NOVA_COVERAGE_DIR;
const gold = createStaticHandler({ mounts: [{ prefix: '/gold/', dir: goldDir }] });

export default {
  rootDir: '.',
  nodeResolve: { exportConditions: ['browser', 'production'] },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.base.json' })],
  middleware: [
    oracleMiddleware({ testGold: goldDir }), // components: DuckDB oracle + the extra test golds
    novaCoreTestMiddleware(),
    (ctx, next) => {
      if (!ctx.path.startsWith('/gold/')) return next();
      ctx.respond = false;
      ctx.res.statusCode = 200; // koa presets 404 and `send` keeps it for full (non-range) responses
      gold(ctx.req, ctx.res);
      return undefined;
    },
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: '/usr/bin/chromium',
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
          '--disable-component-update', '--disable-sync'],
      },
    }),
  ],
  groups: [
    { name: 'core', files: 'packages/core/test/**/*.browser.test.ts' },
    { name: 'components', files: 'packages/components/test/**/*.browser.test.ts' },
  ],
  coverage: Boolean(coverageDir),
  coverageConfig: coverageDir ? { include: ['packages/*/src/**'], report: true, reporters: ['json'], reportDir: `${coverageDir}/browser` } : undefined,
  concurrency: 1,
  testsFinishTimeout: 180000,
  testFramework: { config: { timeout: 30000 } },
};
