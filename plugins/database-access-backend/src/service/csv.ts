/** RFC 4180 CSV of the given columns; formulas are defused for spreadsheets. */
export function toCsv<T extends object>(
  rows: T[],
  columns: (keyof T)[],
): string {
  const cell = (value: unknown) => {
    let text = value === null || value === undefined ? '' : String(value);
    if (/^[=+\-@]/.test(text)) {
      text = `'${text}`;
    }
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [columns.map(c => cell(c)).join(',')];
  for (const row of rows) {
    lines.push(columns.map(c => cell(row[c])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
