import type { DateRangeName } from '../api/types';

/** The date ranges of the reports, in the order the range select offers them. */
export const DATE_RANGES: DateRangeName[] = ['today', 'last_7_days', 'current_cycle', 'last_cycle', 'custom'];
