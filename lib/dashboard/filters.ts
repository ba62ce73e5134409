/**
 * What the dashboard shows, as the URL keeps it: a bookmarked or shared view opens on the same
 * filters. Parsed with zod (the URL is a boundary: anyone can hand-edit it); what does not parse
 * falls back to the default for that one filter, never to an error page.
 */
import { z } from 'zod';
import type { Route, Scale } from '@/lib/loop';

export const LAST_DAYS = [7, 30, 90] as const;
export type LastDays = (typeof LAST_DAYS)[number];

export const CRMS = ['hubspot', 'salesforce', 'none'] as const;
/** Which CRM a loop lives in: by the record id its response carries; `none` when it has no CRM id. */
export type Crm = (typeof CRMS)[number];

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const PeriodChoiceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('last'), days: z.union([z.literal(7), z.literal(30), z.literal(90)]) }),
  z.object({ kind: z.literal('quarter'), year: z.number().int().min(2000).max(2100), quarter: z.number().int().min(1).max(4) }),
  /** calendar days, both included, in the viewer's time zone */
  z.object({ kind: z.literal('custom'), from: IsoDate, to: IsoDate }),
]);
export type PeriodChoice = z.infer<typeof PeriodChoiceSchema>;

export interface DashboardFilters {
  period: PeriodChoice;
  /** an owner's e-mail ('' = unowned loops); undefined = every owner in scope */
  owner?: string;
  /** a manager's e-mail: that manager and everyone who reports to them */
  team?: string;
  route?: Route;
  scale?: Scale;
  crm?: Crm;
}

export const DEFAULT_FILTERS: DashboardFilters = { period: { kind: 'last', days: 30 } };

const RouteParam = z.enum(['recovery', 'improvement', 'advocacy']);
const ScaleParam = z.enum(['nps', 'csat', 'ces']);
const CrmParam = z.enum(CRMS);
const EmailParam = z.string().max(320);

function periodFrom(params: URLSearchParams): PeriodChoice {
  const raw = params.get('period');
  if (raw === null) return DEFAULT_FILTERS.period;
  const last = /^(\d+)d$/.exec(raw);
  const quarter = /^(\d{4})-Q([1-4])$/.exec(raw);
  const candidate = last
    ? { kind: 'last', days: Number(last[1]) }
    : quarter
      ? { kind: 'quarter', year: Number(quarter[1]), quarter: Number(quarter[2]) }
      : raw === 'custom'
        ? { kind: 'custom', from: params.get('from') ?? '', to: params.get('to') ?? '' }
        : null;
  const parsed = PeriodChoiceSchema.safeParse(candidate);
  if (!parsed.success) return DEFAULT_FILTERS.period;
  if (parsed.data.kind === 'custom' && parsed.data.from > parsed.data.to) return DEFAULT_FILTERS.period;
  return parsed.data;
}

const optional = <T>(schema: z.ZodType<T>, value: string | null): T | undefined => {
  if (value === null) return undefined;
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};

/** Filters from a query string (`?period=30d&route=recovery…`); unknown or broken values are dropped. */
export function filtersFromSearch(search: string): DashboardFilters {
  const params = new URLSearchParams(search);
  const filters: DashboardFilters = { period: periodFrom(params) };
  const owner = optional(EmailParam, params.get('owner'));
  if (owner !== undefined) filters.owner = owner.trim().toLowerCase();
  const team = optional(EmailParam, params.get('team'));
  if (team) filters.team = team.trim().toLowerCase();
  const route = optional(RouteParam, params.get('route'));
  if (route) filters.route = route;
  const scale = optional(ScaleParam, params.get('survey'));
  if (scale) filters.scale = scale;
  const crm = optional(CrmParam, params.get('crm'));
  if (crm) filters.crm = crm;
  return filters;
}

/** The query string that `filtersFromSearch` reads back into the same filters. */
export function searchFromFilters(filters: DashboardFilters): string {
  const params = new URLSearchParams();
  const p = filters.period;
  if (p.kind === 'last') params.set('period', `${p.days}d`);
  else if (p.kind === 'quarter') params.set('period', `${p.year}-Q${p.quarter}`);
  else {
    params.set('period', 'custom');
    params.set('from', p.from);
    params.set('to', p.to);
  }
  if (filters.owner !== undefined) params.set('owner', filters.owner);
  if (filters.team) params.set('team', filters.team);
  if (filters.route) params.set('route', filters.route);
  if (filters.scale) params.set('survey', filters.scale);
  if (filters.crm) params.set('crm', filters.crm);
  return `?${params.toString()}`;
}
