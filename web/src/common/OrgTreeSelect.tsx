import { useEffect, useState } from 'react';
import { TreeSelect } from 'antd';
import { orgs } from '../api/endpoints';
import type { Org } from '../api/types';

interface Node {
  id: string;
  pId: string;
  value: string;
  title: string;
  isLeaf: boolean;
}

/** The most children shown under one organization (the API's page limit). */
const CHILDREN_SHOWN = 500;

const nodeOf = (org: Org, parentId: string): Node => ({
  id: org.id,
  pId: parentId,
  value: org.id,
  title: org.name,
  isLeaf: org.child_count === 0,
});

/**
 * Chooses `root` or an organization below it; the tree opens one level at a time, reading
 * the children of an organization when it is expanded.
 */
export function OrgTreeSelect({
  root,
  value,
  onChange,
  id,
  disabled,
}: {
  root: Org;
  value?: string;
  onChange?: (id: string) => void;
  id?: string;
  disabled?: boolean;
}) {
  const [nodes, setNodes] = useState<Node[]>([]);

  useEffect(() => setNodes([nodeOf(root, '')]), [root]);

  const loadChildren = async (parentId: string) => {
    const page = await orgs.children(parentId, null, CHILDREN_SHOWN);
    setNodes((prev) => [...prev.filter((n) => n.pId !== parentId), ...page.items.map((o) => nodeOf(o, parentId))]);
  };

  return (
    <TreeSelect
      id={id}
      disabled={disabled}
      value={value}
      onChange={(v: string) => onChange?.(v)}
      treeDataSimpleMode
      treeData={nodes}
      treeDefaultExpandedKeys={[root.id]}
      loadData={({ id: nodeId }) => loadChildren(String(nodeId))}
      showSearch
      treeNodeFilterProp="title"
      style={{ width: '100%' }}
    />
  );
}
