/**
 * Just enough SOQL for a fake org: SELECT fields (with parent paths such as Owner.Email) FROM one
 * object, WHERE with AND / OR / NOT / parentheses, = != <> < <= > >= LIKE IN, string / number /
 * null / boolean / datetime literals, ORDER BY several fields, LIMIT. Anything else is a
 * MALFORMED_QUERY, as a real org would answer a query it cannot parse.
 */
export interface Query {
  fields: string[];
  from: string;
  where: Cond | null;
  orderBy: { field: string; desc: boolean }[];
  limit: number | null;
}

type Literal = string | number | boolean | null | { datetime: number };
export type Cond =
  | { op: 'and' | 'or'; left: Cond; right: Cond }
  | { op: 'not'; inner: Cond }
  | { op: 'cmp'; field: string; cmp: string; value: Literal }
  | { op: 'in'; field: string; values: Literal[] }
  | { op: 'like'; field: string; pattern: string };

export class SoqlError extends Error {}

type Token = { t: 'str'; v: string } | { t: 'num'; v: number } | { t: 'dt'; v: number } | { t: 'id'; v: string } | { t: 'p'; v: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'") {
      let v = '';
      i++;
      while (i < src.length && src[i] !== "'") {
        if (src[i] === '\\') i++;
        v += src[i++];
      }
      if (src[i] !== "'") throw new SoqlError('unterminated string');
      i++;
      out.push({ t: 'str', v });
      continue;
    }
    const dt = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})/.exec(src.slice(i));
    if (dt) {
      out.push({ t: 'dt', v: Date.parse(dt[0].replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) });
      i += dt[0].length;
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(src.slice(i));
    if (num) {
      out.push({ t: 'num', v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(src.slice(i));
    if (id) {
      out.push({ t: 'id', v: id[0] });
      i += id[0].length;
      continue;
    }
    const p = /^(<=|>=|!=|<>|[=<>(),])/.exec(src.slice(i));
    if (!p) throw new SoqlError(`unexpected character ${c}`);
    out.push({ t: 'p', v: p[0] });
    i += p[0].length;
  }
  return out;
}

export function parseSoql(src: string): Query {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = () => tokens[pos];
  const kw = (word: string) => {
    const t = peek();
    if (t?.t === 'id' && t.v.toUpperCase() === word) {
      pos++;
      return true;
    }
    return false;
  };
  const expectKw = (word: string) => {
    if (!kw(word)) throw new SoqlError(`expected ${word}`);
  };
  const punct = (v: string) => {
    const t = peek();
    if (t?.t === 'p' && t.v === v) {
      pos++;
      return true;
    }
    return false;
  };
  const ident = () => {
    const t = tokens[pos++];
    if (t?.t !== 'id') throw new SoqlError('expected a field or object name');
    return t.v;
  };
  const literal = (): Literal => {
    const t = tokens[pos++];
    if (!t) throw new SoqlError('expected a value');
    if (t.t === 'str' || t.t === 'num') return t.v;
    if (t.t === 'dt') return { datetime: t.v };
    if (t.t === 'id' && t.v.toLowerCase() === 'null') return null;
    if (t.t === 'id' && t.v.toLowerCase() === 'true') return true;
    if (t.t === 'id' && t.v.toLowerCase() === 'false') return false;
    throw new SoqlError(`unexpected value ${String(t.v)}`);
  };

  function factor(): Cond {
    if (kw('NOT')) return { op: 'not', inner: factor() };
    if (punct('(')) {
      const c = or();
      if (!punct(')')) throw new SoqlError('expected )');
      return c;
    }
    const field = ident();
    if (kw('IN')) {
      if (!punct('(')) throw new SoqlError('expected ( after IN');
      const values = [literal()];
      while (punct(',')) values.push(literal());
      if (!punct(')')) throw new SoqlError('expected )');
      return { op: 'in', field, values };
    }
    if (kw('LIKE')) {
      const v = literal();
      if (typeof v !== 'string') throw new SoqlError('LIKE takes a string');
      return { op: 'like', field, pattern: v };
    }
    const t = tokens[pos++];
    if (t?.t !== 'p' || !['=', '!=', '<>', '<', '<=', '>', '>='].includes(t.v)) throw new SoqlError('expected an operator');
    return { op: 'cmp', field, cmp: t.v === '<>' ? '!=' : t.v, value: literal() };
  }
  function and(): Cond {
    let left = factor();
    while (kw('AND')) left = { op: 'and', left, right: factor() };
    return left;
  }
  function or(): Cond {
    let left = and();
    while (kw('OR')) left = { op: 'or', left, right: and() };
    return left;
  }

  expectKw('SELECT');
  const fields = [ident()];
  while (punct(',')) fields.push(ident());
  expectKw('FROM');
  const from = ident();
  const where = kw('WHERE') ? or() : null;
  const orderBy: Query['orderBy'] = [];
  if (kw('ORDER')) {
    expectKw('BY');
    do {
      const field = ident();
      const desc = kw('DESC');
      if (!desc) kw('ASC');
      orderBy.push({ field, desc });
    } while (punct(','));
  }
  let limit: number | null = null;
  if (kw('LIMIT')) {
    const v = literal();
    if (typeof v !== 'number') throw new SoqlError('LIMIT takes a number');
    limit = v;
  }
  if (pos !== tokens.length) throw new SoqlError(`unexpected token after the query`);
  return { fields, from, where, orderBy, limit };
}

/** Compares a stored value with a literal; datetimes by instant, ids and text as Salesforce sorts them. */
function compare(a: unknown, b: Literal): number | null {
  if (a === null || a === undefined || b === null) return null;
  if (typeof b === 'object') {
    const ms = typeof a === 'string' ? Date.parse(a.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : NaN;
    return Number.isNaN(ms) ? null : ms - b.datetime;
  }
  if (typeof b === 'number') return typeof a === 'number' ? a - b : null;
  if (typeof a === 'boolean' || typeof b === 'boolean') return a === b ? 0 : 1;
  const sa = String(a);
  return sa < b ? -1 : sa > b ? 1 : 0;
}

const eqLoose = (a: unknown, b: Literal) => {
  if (b === null) return a === null || a === undefined;
  if (typeof b === 'string' && typeof a === 'string' && /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(b) && a.length === 18) {
    // An id literal matches in its 15- or 18-character form.
    return a.slice(0, 15) === b.slice(0, 15);
  }
  return compare(a, b) === 0;
};

export function matches(cond: Cond | null, get: (field: string) => unknown): boolean {
  if (!cond) return true;
  switch (cond.op) {
    case 'and':
      return matches(cond.left, get) && matches(cond.right, get);
    case 'or':
      return matches(cond.left, get) || matches(cond.right, get);
    case 'not':
      return !matches(cond.inner, get);
    case 'in':
      return cond.values.some((v) => eqLoose(get(cond.field), v));
    case 'like': {
      const v = get(cond.field);
      if (typeof v !== 'string') return false;
      const re = new RegExp(
        `^${cond.pattern
          .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
          .replace(/%/g, '.*')
          .replace(/_/g, '.')}$`,
        'is',
      );
      return re.test(v);
    }
    case 'cmp': {
      const v = get(cond.field);
      if (cond.cmp === '=') return eqLoose(v, cond.value);
      if (cond.cmp === '!=') return !eqLoose(v, cond.value);
      const c = compare(v, cond.value);
      if (c === null) return false;
      return cond.cmp === '<' ? c < 0 : cond.cmp === '<=' ? c <= 0 : cond.cmp === '>' ? c > 0 : c >= 0;
    }
  }
}
