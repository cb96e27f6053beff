/*
 * A Playwright reporter beside `list`: after the run it prints the time of
 * each spec file, the slowest tests and the totals of tests and `expect`
 * calls, and writes them to node_modules/.cache/lunar-test-times/e2e-<label>.json
 * (label from E2E_TIMES_LABEL, default "e2e").
 */
const path = require('node:path');
const { printTable, writeTimes } = require('./report');

function countExpects(steps) {
  let count = 0;
  for (const step of steps) {
    if (step.category === 'expect') count += 1;
    count += countExpects(step.steps ?? []);
  }
  return count;
}

class SpecTimesReporter {
  constructor() {
    this.tests = [];
  }

  onBegin(config) {
    this.root = config.configFile
      ? path.dirname(config.configFile)
      : process.cwd();
  }

  onTestEnd(test, result) {
    this.tests.push({
      file: path.relative(this.root, test.location.file),
      title: test.title,
      status: result.status,
      seconds: result.duration / 1000,
      expects: countExpects(result.steps),
    });
  }

  onEnd(result) {
    const label = process.env.E2E_TIMES_LABEL || 'e2e';
    const files = new Map();
    for (const t of this.tests) {
      const f = files.get(t.file) ?? { file: t.file, seconds: 0, tests: 0 };
      f.seconds += t.seconds;
      f.tests += 1;
      files.set(t.file, f);
    }
    const specs = [...files.values()].sort((a, b) => b.seconds - a.seconds);
    const slowest = [...this.tests].sort((a, b) => b.seconds - a.seconds);
    printTable(
      `e2e spec files (${label})`,
      specs.map(s => [s.seconds.toFixed(1), s.tests, s.file]),
      ['seconds', 'tests', 'spec'],
    );
    printTable(
      `slowest e2e tests (${label})`,
      slowest
        .slice(0, 20)
        .map(t => [t.seconds.toFixed(1), `${t.file} › ${t.title}`]),
      ['seconds', 'test'],
    );
    const count = status => this.tests.filter(t => t.status === status).length;
    const totals = {
      tests: this.tests.length,
      passed: count('passed'),
      failed: count('failed') + count('timedOut') + count('interrupted'),
      skipped: count('skipped'),
      expects: this.tests.reduce((sum, t) => sum + t.expects, 0),
      seconds: result.duration / 1000,
    };
    process.stdout.write(
      `e2e totals (${label}): ${totals.tests} tests (${totals.passed} passed, ${
        totals.failed
      } failed, ${totals.skipped} skipped), ${
        totals.expects
      } expect calls, ${totals.seconds.toFixed(0)} s\n`,
    );
    writeTimes(this.root, `e2e-${label}`, { totals, specs, tests: this.tests });
  }
}

module.exports = SpecTimesReporter;
