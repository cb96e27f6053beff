/*
 * A Jest reporter beside the default one: after the run it prints the
 * slowest suites and the totals of tests and passing `expect` calls, and
 * writes every suite's time to node_modules/.cache/lunar-test-times/<label>.json
 * (label from JEST_TIMES_LABEL, default "jest"; scripts/test.sh passes it
 * with --reporters).
 */
const fs = require('node:fs');
const path = require('node:path');
const { printTable, writeTimes } = require('./report');

class SuiteTimesReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir ?? process.cwd();
  }

  onRunComplete(_contexts, results) {
    const root = findRepoRoot(this.rootDir);
    const suites = results.testResults.map(suite => ({
      file: path.relative(root, suite.testFilePath),
      seconds: (suite.perfStats.end - suite.perfStats.start) / 1000,
      tests: suite.testResults.length,
      assertions: suite.testResults.reduce(
        (sum, test) => sum + (test.numPassingAsserts ?? 0),
        0,
      ),
    }));
    suites.sort((a, b) => b.seconds - a.seconds);
    const totals = {
      suites: suites.length,
      tests: results.numTotalTests,
      passed: results.numPassedTests,
      failed: results.numFailedTests,
      skipped: results.numPendingTests + results.numTodoTests,
      assertions: suites.reduce((sum, s) => sum + s.assertions, 0),
      seconds: (Date.now() - results.startTime) / 1000,
    };
    const label = process.env.JEST_TIMES_LABEL || 'jest';
    printTable(
      `slowest Jest suites (${label})`,
      suites.slice(0, 20).map(s => [s.seconds.toFixed(1), s.tests, s.file]),
      ['seconds', 'tests', 'suite'],
    );
    process.stdout.write(
      `jest totals (${label}): ${totals.suites} suites, ${
        totals.tests
      } tests (${totals.passed} passed, ${totals.failed} failed, ${
        totals.skipped
      } skipped), ${
        totals.assertions
      } passing expect calls, ${totals.seconds.toFixed(0)} s\n`,
    );
    writeTimes(root, label, { totals, suites });
  }
}

function findRepoRoot(dir) {
  let current = dir;
  while (!fs.existsSync(path.join(current, 'yarn.lock'))) {
    const parent = path.dirname(current);
    if (parent === current) return dir;
    current = parent;
  }
  return current;
}

module.exports = SuiteTimesReporter;
