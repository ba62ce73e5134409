import * as z from 'zod/mini';
import { BusinessCalendarSchema } from './calendar';
import { EscalationLevelSchema } from './schemas';

/** How long a clock runs: business units count working time only, plain units count every hour. */
export const DurationSchema = z.object({
  amount: z.number().check(z.positive(), z.maximum(10_000)),
  unit: z.enum(['business_hours', 'business_days', 'hours', 'days']),
});
export type Duration = z.infer<typeof DurationSchema>;

/** Score bands of one scale: min…recoveryMax → recovery, …improvementMax → improvement, rest → advocacy. */
export const ScaleBandsSchema = z
  .object({
    min: z.int(),
    max: z.int(),
    recoveryMax: z.int(),
    improvementMax: z.int(),
    /** scores up to this are critical within recovery; null: this scale has no critical band */
    criticalMax: z.nullable(z.int()),
  })
  .check(
    z.refine((b) => b.min <= b.recoveryMax && b.recoveryMax < b.improvementMax && b.improvementMax < b.max, {
      message: 'bands must satisfy min ≤ recoveryMax < improvementMax < max',
    }),
    z.refine((b) => b.criticalMax === null || (b.criticalMax >= b.min && b.criticalMax <= b.recoveryMax), {
      message: 'criticalMax must lie within the recovery band',
      path: ['criticalMax'],
    }),
  );
export type ScaleBands = z.infer<typeof ScaleBandsSchema>;

/**
 * Which clock a route's business units run on. `business`: the owner's working hours (the
 * default). `customer`: around the clock, as some teams prefer for detractors — a business hour
 * counts as an hour and a business day as a calendar day (24 h, same wall-clock time).
 */
export const ClockSchema = z.enum(['business', 'customer']);
export type Clock = z.infer<typeof ClockSchema>;
const BUSINESS_CLOCKS = { recovery: 'business', improvement: 'business', advocacy: 'business' } as const;

/** The SLA presets an admin can choose, in the order the options page lists them. */
export const PRESET_IDS = ['b2b_fast_lane', 'forty_eight_hour', 'working_day'] as const;
export const PresetIdSchema = z.enum(PRESET_IDS);
export type PresetId = z.infer<typeof PresetIdSchema>;
/** The preset nobody has changed yet. */
export const DEFAULT_PRESET_ID: PresetId = 'b2b_fast_lane';
/** What a stored policy was built from: one of the presets, or `custom` when edited beyond them. */
export const PolicyPresetSchema = z.enum([...PRESET_IDS, 'custom']);
export type PolicyPreset = z.infer<typeof PolicyPresetSchema>;

export const PolicySchema = z.object({
  version: z.int().check(z.minimum(1)),
  preset: PolicyPresetSchema,
  scales: z.object({ nps: ScaleBandsSchema, csat: ScaleBandsSchema, ces: ScaleBandsSchema }),
  firstTouch: z.object({ critical: DurationSchema, recovery: DurationSchema, improvement: DurationSchema, advocacy: DurationSchema }),
  resolution: z.object({ recovery: DurationSchema }),
  /** per route (critical follows recovery); absent in policies stored before it existed */
  clocks: z._default(z.object({ recovery: ClockSchema, improvement: ClockSchema, advocacy: ClockSchema }), { ...BUSINESS_CLOCKS }),
  nearBreach: z.object({
    /** share of the first-touch window gone at the first warning */
    fraction: z.number().check(z.gt(0), z.lt(1)),
    /** the second warning, this long before due */
    beforeDueMs: z.int().check(z.positive()),
  }),
  /** the default calendar; an owner's own time zone replaces its zone */
  calendar: BusinessCalendarSchema,
  escalation: z.object({
    /** no touch logged this long after the response → that level hears about it (customer clock) */
    ladder: z.array(z.object({ afterMs: z.int().check(z.positive()), level: EscalationLevelSchema })).check(
      z.minLength(1),
      z.refine((steps) => steps.every((s, i) => i === 0 || s.afterMs > steps[i - 1]!.afterMs), {
        message: 'ladder steps must come in increasing afterMs order',
      }),
    ),
    /** share of accounts, by revenue, that count as top-revenue (0.2 = the top 20 %) */
    topRevenueShare: z.number().check(z.gt(0), z.maximum(1)),
    /** a fixed revenue threshold instead of the share, when set */
    topRevenueThreshold: z.nullable(z.number().check(z.nonnegative())),
    /** a second recovery score from the same contact within this many days escalates at once */
    repeatWindowDays: z.int().check(z.positive(), z.maximum(3650)),
  }),
  attempts: z.object({
    /** unanswered attempts after which the loop closes as `no_response` */
    max: z.int().check(z.minimum(1), z.maximum(20)),
    /** the next attempt, on another channel, within this long after an unanswered one */
    retryWithinMs: z.int().check(z.positive()),
  }),
  advocacy: z.object({
    /** the first ask no earlier than this long after the score */
    earliestAfterMs: z.int().check(z.nonnegative()),
    /** at most this many asks per contact per calendar quarter */
    maxAsksPerQuarter: z.int().check(z.minimum(1)),
  }),
  resurvey: z
    .object({ minDays: z.int().check(z.positive()), maxDays: z.int().check(z.positive()) })
    .check(z.refine((r) => r.minDays <= r.maxDays, { message: 'minDays must not exceed maxDays' })),
  /** complaint type → the queue that owns it */
  complaintQueues: z.object({ product: z.string().check(z.minLength(1)), service: z.string().check(z.minLength(1)) }),
});
export type Policy = z.infer<typeof PolicySchema>;

const SCALES: Policy['scales'] = {
  nps: { min: 0, max: 10, recoveryMax: 6, improvementMax: 8, criticalMax: 3 },
  csat: { min: 1, max: 5, recoveryMax: 2, improvementMax: 3, criticalMax: null },
  ces: { min: 1, max: 7, recoveryMax: 3, improvementMax: 5, criticalMax: null },
};
const CALENDAR = { timeZone: 'UTC', workdays: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', holidays: [] };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NEAR_BREACH = { fraction: 0.75, beforeDueMs: HOUR };

/** "B2B fast lane", the default: 4 business hours for critical scores, 1 business day for other detractors. */
export const DEFAULT_POLICY: Policy = {
  version: 1,
  preset: DEFAULT_PRESET_ID,
  scales: SCALES,
  firstTouch: {
    critical: { amount: 4, unit: 'business_hours' },
    recovery: { amount: 1, unit: 'business_days' },
    improvement: { amount: 5, unit: 'business_days' },
    advocacy: { amount: 7, unit: 'days' },
  },
  resolution: { recovery: { amount: 5, unit: 'business_days' } },
  clocks: { ...BUSINESS_CLOCKS },
  nearBreach: NEAR_BREACH,
  calendar: CALENDAR,
  escalation: {
    ladder: [
      { afterMs: 24 * HOUR, level: 'manager' },
      { afterMs: 36 * HOUR, level: 'cx_lead' },
    ],
    topRevenueShare: 0.2,
    topRevenueThreshold: null,
    repeatWindowDays: 90,
  },
  attempts: { max: 3, retryWithinMs: 48 * HOUR },
  advocacy: { earliestAfterMs: 3 * DAY, maxAsksPerQuarter: 1 },
  resurvey: { minDays: 30, maxDays: 60 },
  complaintQueues: { product: 'Product', service: 'Customer support' },
};

export const PRESETS: Record<PresetId, Policy> = {
  b2b_fast_lane: DEFAULT_POLICY,
  /** every detractor within 48 hours on the customer's clock; passives 5 business days; promoters 7 days */
  forty_eight_hour: {
    ...DEFAULT_POLICY,
    preset: 'forty_eight_hour',
    firstTouch: {
      critical: { amount: 48, unit: 'hours' },
      recovery: { amount: 48, unit: 'hours' },
      improvement: { amount: 5, unit: 'business_days' },
      advocacy: { amount: 7, unit: 'days' },
    },
  },
  /** detractors within one working day, promoters within three */
  working_day: {
    ...DEFAULT_POLICY,
    preset: 'working_day',
    firstTouch: {
      critical: { amount: 1, unit: 'business_days' },
      recovery: { amount: 1, unit: 'business_days' },
      improvement: { amount: 5, unit: 'business_days' },
      advocacy: { amount: 3, unit: 'business_days' },
    },
  },
};

export type PolicyResult = { ok: true; policy: Policy } | { ok: false; issues: { path: string; message: string }[] };

/** Validates a stored or admin-edited policy; every problem comes back with its path. */
export function parsePolicy(input: unknown): PolicyResult {
  const parsed = PolicySchema.safeParse(input);
  if (parsed.success) return { ok: true, policy: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(policy)', message: i.message })),
  };
}
