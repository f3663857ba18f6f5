import type { Language, Privilege } from '../api/types';
import type { MessageKey } from '../i18n';

/** A column of checkboxes inside a section: Reports > View, Setup > Edit, … */
export interface PrivilegeColumn {
  id: string;
  /** Absent for sections with a single column. */
  title?: MessageKey;
  keys: string[];
}

export interface PrivilegeSection {
  id: string;
  /** A dictionary key, or the catalog's own label for groups this portal does not know yet. */
  title: MessageKey | { text: string };
  columns: PrivilegeColumn[];
}

/** The seed's "Create A New Role" layout: catalog group → section, and how it splits. */
const LAYOUT: Array<{ group: string; title: MessageKey; split?: Array<{ prefix: string; title: MessageKey }> }> = [
  { group: 'dashboard', title: 'privileges.dashboard' },
  { group: 'accounts', title: 'privileges.accounts' },
  { group: 'accounts_bulk', title: 'privileges.accountsBulk' },
  { group: 'administrators', title: 'privileges.administrators' },
  { group: 'api_users', title: 'privileges.apiUsers' },
  {
    group: 'reports',
    title: 'privileges.reports',
    split: [
      { prefix: 'reports.view.', title: 'privileges.view' },
      { prefix: 'reports.download.', title: 'privileges.download' },
      { prefix: 'reports.adk.', title: 'privileges.adk' },
    ],
  },
  {
    group: 'setup',
    title: 'privileges.setup',
    split: [
      { prefix: 'setup.view.', title: 'privileges.view' },
      { prefix: 'setup.edit.', title: 'privileges.edit' },
    ],
  },
  { group: 'roles', title: 'privileges.roles' },
  { group: 'usage', title: 'privileges.usage' },
  { group: 'help', title: 'privileges.help' },
  { group: 'profile', title: 'privileges.profile' },
];

/** Lays the catalog out in sections; groups the layout does not name come last, as they are. */
export function privilegeSections(catalog: Privilege[], language: Language): PrivilegeSection[] {
  const byGroup = new Map<string, Privilege[]>();
  for (const p of catalog) byGroup.set(p.group, [...(byGroup.get(p.group) ?? []), p]);

  const sections: PrivilegeSection[] = [];
  for (const { group, title, split } of LAYOUT) {
    const members = byGroup.get(group);
    byGroup.delete(group);
    if (!members?.length) continue;
    const keys = members.map((p) => p.key);
    if (!split) {
      sections.push({ id: group, title, columns: [{ id: group, keys }] });
      continue;
    }
    const columns: PrivilegeColumn[] = split.map(({ prefix, title: columnTitle }) => ({
      id: prefix.slice(0, -1),
      title: columnTitle,
      keys: keys.filter((k) => k.startsWith(prefix)),
    }));
    const rest = keys.filter((k) => !split.some(({ prefix }) => k.startsWith(prefix)));
    if (rest.length) columns.push({ id: `${group}.other`, keys: rest });
    sections.push({ id: group, title, columns: columns.filter((c) => c.keys.length > 0) });
  }
  for (const [group, members] of byGroup) {
    sections.push({
      id: group,
      title: { text: members[0].labels[language] ?? group },
      columns: [{ id: group, keys: members.map((p) => p.key) }],
    });
  }
  return sections;
}

/**
 * The label of one privilege inside its section. Catalog labels read "View: Consumption
 * Metrics", "Help: Edit"; under a heading that already says it, only the part after the
 * first ": " is shown.
 */
export function privilegeLabel(p: Privilege | undefined, key: string, language: Language, inSection: boolean): string {
  const label = p?.labels[language] || p?.labels.en || key;
  if (!inSection) return label;
  const colon = label.indexOf(': ');
  return colon > 0 ? label.slice(colon + 2) : label;
}

/**
 * The privileges a change of one checkbox leads to. Setup: "edit" includes "view", so checking
 * an edit also checks its view, and unchecking a view also unchecks its edit.
 */
export function toggled(current: string[], keys: string[], checked: boolean): string[] {
  const next = new Set(current);
  for (const key of keys) {
    if (checked) {
      next.add(key);
      if (key.startsWith('setup.edit.')) next.add(`setup.view.${key.slice('setup.edit.'.length)}`);
    } else {
      next.delete(key);
      if (key.startsWith('setup.view.')) next.delete(`setup.edit.${key.slice('setup.view.'.length)}`);
    }
  }
  return [...next];
}
