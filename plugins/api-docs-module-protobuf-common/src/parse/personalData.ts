/**
 * Whether a field's options mark it as personal data.
 *
 * protobufjs keeps custom options as written: `[(gdpr_sensitive) = true]`
 * becomes `{ '(gdpr_sensitive)': true }`, a qualified extension
 * `{ '(lunar.options.gdpr_sensitive)': true }`, an option inside an option
 * message `{ '(lunar.field).gdpr_sensitive': true }`. The configured name
 * matches the last part of the option's name, or a qualified name its end.
 */
export function isPersonalData(
  options: Record<string, unknown>,
  option: string,
): boolean {
  const wanted = option.replace(/^\(|\)$/g, '').replace(/^\./, '');
  for (const [key, value] of Object.entries(options)) {
    const name = key.replace(/[()]/g, '').replace(/^\./, '');
    if (name === wanted || name.endsWith(`.${wanted}`)) {
      if (value === true || value === 'true') {
        return true;
      }
    }
    // `[(lunar.field) = { gdpr_sensitive: true }]`
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const inner = value as Record<string, unknown>;
      const last = wanted.split('.').pop()!;
      if (inner[last] === true || inner[last] === 'true') {
        return true;
      }
    }
  }
  return false;
}
