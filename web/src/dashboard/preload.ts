import { dashboard } from '../api/endpoints';
import type { Dashboard, UsageType } from '../api/types';

/** The Dashboard's code (ECharts with it), in its own chunk. */
export const loadDashboardPage = () => import('./DashboardPage');

// Data read ahead, by organization and type, taken once; older than this it is read again.
const FRESH_MS = 10_000;
const ahead = new Map<string, { at: number; answer: Promise<Dashboard> }>();
const key = (orgId: string, type: UsageType) => `${orgId}:${type}`;

/**
 * Starts the Dashboard's code and its first data together, as soon as the session says the
 * admin lands on it, rather than one after the other once the layout and the organization are
 * there (docs/performance.md, "First load").
 */
export function preloadDashboard(orgId: string, type: UsageType = 'voice'): void {
  void loadDashboardPage();
  const k = key(orgId, type);
  const held = ahead.get(k);
  if (held && Date.now() - held.at < FRESH_MS) return;
  const answer = dashboard.get(orgId, type);
  answer.catch(() => {}); // whoever takes it sees the error; nobody may
  ahead.set(k, { at: Date.now(), answer });
}

/** The dashboard of `orgId`: the answer read ahead when there is a fresh one, else a new read. */
export function readDashboard(orgId: string, type: UsageType): Promise<Dashboard> {
  const k = key(orgId, type);
  const held = ahead.get(k);
  ahead.delete(k);
  return held && Date.now() - held.at < FRESH_MS ? held.answer : dashboard.get(orgId, type);
}
