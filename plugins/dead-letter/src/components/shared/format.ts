/** "2021-11-12 11:07:01 UTC": unambiguous across the squads' time zones. */
export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  return `${date
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '')} UTC`;
}

/** "1,234": counts with thousands separators, the same for every reader. */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** "1 message", "1,234 messages". */
export function plural(count: number, word: string): string {
  return `${formatCount(count)} ${word}${count === 1 ? '' : 's'}`;
}
