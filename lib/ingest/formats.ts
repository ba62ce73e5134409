import { isTimeZone } from '@/lib/loop/tz';
import { mapColumns, type ColumnMap, type Field } from './columns';
import { normaliseHeader } from './header-map';

/**
 * The survey tools whose exports import as they come out of the tool. Each was built from the
 * tool's documented export layout (see tests/ingest/fixtures): Qualtrics writes three header rows
 * (column ids, question text, `{"ImportId":…}`), SurveyMonkey two (question, then answer choice or
 * "Response"), the others one.
 */
export type ExportFormat = 'csv' | 'qualtrics' | 'surveymonkey' | 'typeform' | 'hubspot' | 'delighted' | 'asknicely';

export const FORMAT_NAMES: Record<ExportFormat, string> = {
  csv: 'CSV',
  qualtrics: 'Qualtrics export',
  surveymonkey: 'SurveyMonkey export',
  typeform: 'Typeform export',
  hubspot: 'HubSpot feedback-submission export',
  delighted: 'Delighted export',
  asknicely: 'AskNicely export',
};

/** How the file's columns are read into response fields. */
export interface Layout {
  format: ExportFormat;
  columns: ColumnMap;
  /** every column's name as shown to the person (question text where the export has one) */
  names: string[];
  /** the respondent's name split over two columns (Qualtrics, SurveyMonkey) */
  firstName?: number;
  lastName?: number;
  /** SurveyMonkey writes US dates (11/20/2026 9:30:15 AM); everything else ISO-like or Unix time */
  usDates: boolean;
  /** the zone the export states for its times (Typeform: UTC; Qualtrics: its ImportId row) */
  timeZone?: string;
  /** a tool-specific reason to refuse a row (a partial Typeform response, a HubSpot CSAT response) */
  rowProblem?: (cells: readonly string[]) => string | null;
}

/** The columns a person picked in the mapping step (indexes into the header row). */
export interface ColumnChoice {
  score: number;
  date: number;
  email?: number;
  comment?: number;
}

/** The question a verbatim answers: "Why did you give that score?", "What could we improve?" */
const COMMENT_QUESTION = /\b(why|reason|comment|feedback|tell us|explain|improve|better|anything else|verbatim)/i;
const RECOMMEND_QUESTION = /recommend|how likely/i;

const norm = (cells: readonly string[]) => cells.map(normaliseHeader);
const indexOf = (names: readonly string[], ...wanted: string[]) => {
  for (const w of wanted) {
    const i = names.indexOf(w);
    if (i >= 0) return i;
  }
  return undefined;
};

/** Which tool wrote the file, from its first header row alone. */
export function sniffFormat(first: readonly string[]): ExportFormat {
  const names = new Set(norm(first));
  if (names.has('responseid') && (names.has('recordeddate') || names.has('startdate'))) return 'qualtrics';
  if (names.has('respondent id') && names.has('collector id')) return 'surveymonkey';
  if (names.has('submit date (utc)')) return 'typeform';
  if (names.has('submission timestamp') || (names.has('survey type') && [...names].some((n) => /value|rating/.test(n)))) return 'hubspot';
  if (names.has('delighted source') || names.has('permalink')) return 'delighted';
  if (names.has('answer') && (names.has('responded') || names.has('answerlabel') || names.has('sent'))) return 'asknicely';
  return 'csv';
}

/** Qualtrics' third header row: `{"ImportId":"QID1","timeZone":…}` in its cells. */
export const isImportIdRow = (cells: readonly string[]) => cells.some((c) => c.trim().startsWith('{"ImportId"'));

/** How many header rows the format has at most (Qualtrics' third is recognised by isImportIdRow). */
export const headerRowCount = (format: ExportFormat): number => (format === 'qualtrics' ? 3 : format === 'surveymonkey' ? 2 : 1);

/** A layout whose fields come from the given column indexes; every other column is kept as extra data. */
function build(
  format: ExportFormat,
  names: readonly string[],
  fields: Partial<Record<Field, number | undefined>>,
  options: { skip?: readonly (number | undefined)[]; generic?: boolean } = {},
): Layout {
  // Columns the tool names like ours (embedded data such as "company" or "hubspot id") still count.
  const generic = options.generic === false ? null : mapColumns(names);
  const chosen: Partial<Record<Field, number>> = {};
  for (const [field, index] of Object.entries(fields) as [Field, number | undefined][]) if (index !== undefined) chosen[field] = index;
  const taken = new Set(Object.values(chosen));
  for (const [field, index] of Object.entries(generic?.fields ?? {}) as [Field, number][]) {
    if (chosen[field] === undefined && !taken.has(index) && !(field in fields)) {
      chosen[field] = index;
      taken.add(index);
    }
  }
  const skip = new Set(options.skip?.filter((i): i is number => i !== undefined));
  const headers: Partial<Record<Field, string>> = {};
  for (const [field, index] of Object.entries(chosen) as [Field, number][]) headers[field] = names[index] ?? '';
  const extra = new Map<number, string>();
  const used = new Set<string>();
  names.forEach((name, index) => {
    if (taken.has(index) || skip.has(index)) return;
    let unique = name || `column ${index + 1}`;
    for (let n = 2; used.has(unique); n++) unique = `${name || `column ${index + 1}`} (${n})`;
    used.add(unique);
    extra.set(index, unique);
  });
  return { format, columns: { fields: chosen, headers, extra }, names: [...names], usDates: false };
}

const QUALTRICS_META = [
  'startdate',
  'enddate',
  'status',
  'ipaddress',
  'progress',
  'duration (in seconds)',
  'finished',
  'recipientlastname',
  'recipientfirstname',
  'locationlatitude',
  'locationlongitude',
  'distributionchannel',
  'userlanguage',
];

function qualtrics(rows: readonly string[][]): Layout {
  const ids = rows[0]!.map((c) => c.trim());
  const lower = norm(ids);
  const questions = (rows[1] ?? ids).map((c, i) => c.trim() || ids[i]!);
  const importIds = rows[2];
  const groupOf = (i: number) => lower.indexOf(`${lower[i]} nps group`);
  // Qualtrics names the group column `<question>_NPS_GROUP`: that question is the score.
  let score = lower.findIndex((n, i) => !n.endsWith('nps group') && groupOf(i) >= 0);
  if (score < 0) score = questions.findIndex((q, i) => RECOMMEND_QUESTION.test(q) && !/nps group|text$/.test(lower[i]!));
  const comment = questions.findIndex((q, i) => i !== score && COMMENT_QUESTION.test(q) && !/nps group/.test(lower[i]!));
  const date = indexOf(lower, 'recordeddate', 'enddate');
  const names = ids.map((id, i) => (rows[1] && questions[i]!.length <= 100 && !QUALTRICS_META.includes(lower[i]!) ? questions[i]! : id));
  const layout = build(
    'qualtrics',
    names,
    {
      score: score >= 0 ? score : undefined,
      date,
      email: indexOf(lower, 'recipientemail'),
      comment: comment >= 0 ? comment : undefined,
      responseId: indexOf(lower, 'responseid'),
    },
    { skip: [...QUALTRICS_META.map((m) => indexOf(lower, m)), score >= 0 ? groupOf(score) : undefined] },
  );
  layout.firstName = indexOf(lower, 'recipientfirstname');
  layout.lastName = indexOf(lower, 'recipientlastname');
  // The ImportId row states the zone the times are written in: {"ImportId":"recordedDate","timeZone":"America/Denver"}.
  const stated = date !== undefined ? importIds?.[date] : undefined;
  if (stated) {
    try {
      const zone = (JSON.parse(stated) as { timeZone?: unknown }).timeZone;
      if (typeof zone === 'string' && isTimeZone(zone)) layout.timeZone = zone;
    } catch {
      // not JSON after all: the times are read in the settings' zone
    }
  }
  return layout;
}

const SURVEYMONKEY_META = ['collector id', 'start date', 'ip address', 'first name', 'last name'];
const PLAIN_ANSWER = /^(response|open-ended response)$/i;

function surveyMonkey(rows: readonly string[][]): Layout {
  const top = rows[0]!.map((c) => c.trim());
  const sub = (rows[1] ?? []).map((c) => c.trim());
  // A question with several answer columns names only the first; the rest carry it on.
  let carried = '';
  const questions = top.map((q) => (q ? (carried = q) : carried));
  const names = questions.map((q, i) => (sub[i] && !PLAIN_ANSWER.test(sub[i]!) ? `${q} - ${sub[i]}` : q));
  const lower = norm(top);
  const score = questions.findIndex((q, i) => RECOMMEND_QUESTION.test(q) && /^response$/i.test(sub[i] ?? ''));
  const openEnded = sub.flatMap((s, i) => (/^open-ended response$/i.test(s) ? [i] : []));
  const comment = openEnded.find((i) => COMMENT_QUESTION.test(questions[i]!)) ?? (openEnded.length === 1 ? openEnded[0] : undefined);
  const layout = build(
    'surveymonkey',
    names,
    {
      score: score >= 0 ? score : undefined,
      date: indexOf(lower, 'end date'),
      email: indexOf(lower, 'email address'),
      comment,
      responseId: indexOf(lower, 'respondent id'),
    },
    { skip: SURVEYMONKEY_META.map((m) => indexOf(lower, m)) },
  );
  layout.firstName = indexOf(lower, 'first name');
  layout.lastName = indexOf(lower, 'last name');
  layout.usDates = true;
  return layout;
}

const TYPEFORM_META = ['start date (utc)', 'stage date (utc)', 'network id', 'tags', 'response type'];

function typeform(rows: readonly string[][]): Layout {
  const names = rows[0]!.map((c) => c.trim());
  const lower = norm(names);
  const score = names.findIndex((n) => RECOMMEND_QUESTION.test(n));
  const comment = names.findIndex((n, i) => i !== score && COMMENT_QUESTION.test(n));
  const email = lower.findIndex((n) => /\be-?mail\b/.test(n));
  const responseType = indexOf(lower, 'response type');
  const layout = build(
    'typeform',
    names,
    {
      score: score >= 0 ? score : undefined,
      date: indexOf(lower, 'submit date (utc)'),
      email: email >= 0 ? email : undefined,
      comment: comment >= 0 ? comment : undefined,
      responseId: indexOf(lower, '#', 'token'),
    },
    { skip: TYPEFORM_META.map((m) => indexOf(lower, m)) },
  );
  layout.timeZone = 'UTC';
  if (responseType !== undefined) {
    layout.rowProblem = (cells) => {
      const type = (cells[responseType] ?? '').trim();
      return type && !/^completed$/i.test(type)
        ? `a ${type.toLowerCase()} response (Response Type "${type}"): only completed Typeform responses are imported`
        : null;
    };
  }
  return layout;
}

function hubspot(rows: readonly string[][]): Layout {
  const names = rows[0]!.map((c) => c.trim());
  const lower = norm(names);
  const score =
    indexOf(lower, 'response value', 'rating', 'submission rating', 'value', 'score') ?? lower.findIndex((n) => /value|rating/.test(n));
  const email = indexOf(lower, 'contact email', 'email', 'associated contact email') ?? lower.findIndex((n) => /e-?mail/.test(n));
  const comment = lower.findIndex((n, i) => i !== score && /feedback|comment|response text|verbatim|^response$/.test(n));
  const contactId = indexOf(lower, 'contact id', 'associated contact id', 'contact record id');
  const surveyType = indexOf(lower, 'survey type');
  const layout = build('hubspot', names, {
    score: score >= 0 ? score : undefined,
    date: indexOf(lower, 'submission timestamp', 'submitted at', 'date'),
    email: email >= 0 ? email : undefined,
    comment: comment >= 0 ? comment : undefined,
    hubspotId: contactId,
    responseId: indexOf(lower, 'record id', 'submission id'),
  });
  if (surveyType !== undefined) {
    layout.rowProblem = (cells) => {
      const type = (cells[surveyType] ?? '').trim();
      return type && !/nps|loyalty|net promoter/i.test(type)
        ? `a "${type}" survey response: only NPS (customer loyalty) responses are imported`
        : null;
    };
  }
  return layout;
}

/** The layout of an export whose header rows are known (1 to 3 of them, see headerRowCount). */
export function layoutOf(format: ExportFormat, headerRows: readonly string[][]): Layout {
  switch (format) {
    case 'qualtrics':
      return qualtrics(headerRows);
    case 'surveymonkey':
      return surveyMonkey(headerRows);
    case 'typeform':
      return typeform(headerRows);
    case 'hubspot':
      return hubspot(headerRows);
    default: {
      const names = headerRows[0]!.map((c) => c.replace(/^\uFEFF/, '').trim());
      const columns = mapColumns(headerRows[0]!);
      return { format, columns, names, usDates: false };
    }
  }
}

/** The layout with the person's picks for score, date, e-mail and comment in place of the guesses. */
export function withChoice(layout: Layout, choice: ColumnChoice): Layout {
  const fields = { ...layout.columns.fields };
  for (const field of ['score', 'date', 'email', 'comment'] as const) {
    const index = choice[field];
    if (index === undefined) delete fields[field];
    else fields[field] = index;
  }
  const taken = new Set(Object.values(fields));
  const headers: Partial<Record<Field, string>> = {};
  for (const [field, index] of Object.entries(fields) as [Field, number][]) headers[field] = layout.names[index] ?? '';
  const extra = new Map([...layout.columns.extra].filter(([i]) => !taken.has(i)));
  return { ...layout, columns: { fields, headers, extra } };
}

/** A short stable key for a set of headers, to remember the person's mapping for the next file like it. */
export function headerKey(names: readonly string[]): string {
  const text = norm(names).join('\u241F');
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return `${names.length}-${(hash >>> 0).toString(16)}`;
}

/** Whether a header row is a survey export's: a tool we know, or a score column. */
export function looksLikeSurveyExport(headers: readonly string[]): boolean {
  return sniffFormat(headers) !== 'csv' || mapColumns(headers).fields.score !== undefined;
}
