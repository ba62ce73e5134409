const grouped = (text: string, separator: string) => new RegExp(`^\\d{1,3}(?:\\${separator}\\d{3})+$`).test(text);

/**
 * A money amount as spreadsheets write it → a number, or null when it is not one. Currency
 * signs and codes, spaces and apostrophes (Swiss grouping) are ignored. When both `,` and `.`
 * appear, the last one is the decimal mark and the other groups thousands. A lone separator
 * followed by three-digit groups is thousands grouping (`240,000`, `240.000`), since revenue is
 * never given in thousandths; otherwise a single one is the decimal mark (`1234,5`).
 */
export function parseAmount(raw: string): number | null {
  const text = raw.replace(/[\s'’$€£¥]|\b(?:USD|EUR|GBP|CHF|JPY)\b/gi, '');
  if (!/^\d[\d.,]*$/.test(text) || /[.,]$/.test(text)) return null;
  const comma = text.includes(',');
  const dot = text.includes('.');
  let plain: string;
  if (comma && dot) {
    const decimal = text.lastIndexOf(',') > text.lastIndexOf('.') ? ',' : '.';
    const grouping = decimal === ',' ? '.' : ',';
    const [whole = '', fraction = '', ...more] = text.split(decimal);
    if (more.length > 0 || !(grouped(whole, grouping) || /^\d+$/.test(whole))) return null;
    plain = `${whole.split(grouping).join('')}.${fraction}`;
  } else if (comma || dot) {
    const separator = comma ? ',' : '.';
    if (grouped(text, separator)) plain = text.split(separator).join('');
    else if (text.split(separator).length === 2) plain = text.replace(separator, '.');
    else return null;
  } else {
    plain = text;
  }
  const value = Number(plain);
  return Number.isFinite(value) ? value : null;
}
