/* Shared by the Jest and Playwright time reporters: one table format, one place for the figures. */
const fs = require('node:fs');
const path = require('node:path');

function printTable(title, rows, headers) {
  const widths = headers.map((h, i) =>
    Math.max(h.length, ...rows.map(r => String(r[i]).length)),
  );
  const line = cells =>
    cells
      .map((c, i) =>
        i === cells.length - 1 ? String(c) : String(c).padStart(widths[i]),
      )
      .join('  ');
  process.stdout.write(`\n${title}\n${line(headers)}\n`);
  for (const row of rows) process.stdout.write(`${line(row)}\n`);
}

/** Writes node_modules/.cache/lunar-test-times/<name>.json. */
function writeTimes(root, name, data) {
  const dir = path.join(root, 'node_modules', '.cache', 'lunar-test-times');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, `${name}.json`),
    `${JSON.stringify({ at: new Date().toISOString(), ...data }, null, 2)}\n`,
  );
}

module.exports = { printTable, writeTimes };
