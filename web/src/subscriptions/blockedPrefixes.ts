// The organization setting `call_filter_blocked_prefixes`: the server answers the union of the
// organization's own list and its ancestors' (`value`), and each of them (`own_value`,
// `inherited_value`).
import { orgs } from '../api/endpoints';
import { isPrefix } from './planForm';

/** The most prefixes an organization's own list may hold. */
export const MAX_BLOCKED_PREFIXES = 10_000;

export interface BlockedPrefixes {
  /** Every prefix blocked for the organization's users (its own and its ancestors'). */
  effective: string[];
  /** Those blocked by an organization above it: not removable here. */
  above: string[];
  /** The organization's own list. */
  own: string[];
  /** The nearest organization that sets some, when it is not this one. */
  sourceName: string | null;
}

/** Reads the organization's blocked prefixes: the server tells its own list from its ancestors'. */
export async function readBlockedPrefixes(orgId: string): Promise<BlockedPrefixes> {
  const setting = (await orgs.settings(orgId)).call_filter_blocked_prefixes;
  const effective = setting?.value ?? [];
  const sourceName = setting && !setting.own && setting.source_org_id !== orgId ? setting.source_org_name : null;
  return { effective, above: setting?.inherited_value ?? [], own: setting?.own_value ?? [], sourceName };
}

/** What is wrong with a typed list, or null: malformed entries, repeats, entries blocked above, too many. */
export interface ListFaults {
  malformed: string[];
  repeated: string[];
  blockedAbove: string[];
  tooMany: boolean;
}

export function listFaults(list: string[], above: string[]): ListFaults | null {
  const seen = new Set<string>();
  const upper = new Set(above);
  const faults: ListFaults = { malformed: [], repeated: [], blockedAbove: [], tooMany: list.length > MAX_BLOCKED_PREFIXES };
  for (const entry of list) {
    if (!isPrefix(entry)) faults.malformed.push(entry);
    else if (upper.has(entry)) faults.blockedAbove.push(entry);
    if (seen.has(entry)) faults.repeated.push(entry);
    seen.add(entry);
  }
  const any = faults.malformed.length || faults.repeated.length || faults.blockedAbove.length || faults.tooMany;
  return any ? faults : null;
}
