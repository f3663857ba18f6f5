/**
 * The Lineport mark and name. Plain HTML (the sign-in page has no Ant Design: docs/decisions.md,
 * "Portal"), drawn as Ant Design's strong text. Signed in, the name is the portal's branding.
 */
export function Brand({ size = 28, collapsed = false, name = 'Lineport' }: { size?: number; collapsed?: boolean; name?: string }) {
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 10 }}>
      <img src="/favicon.svg" width={size} height={size} alt="" />
      {!collapsed && (
        <strong className="lp-text" style={{ fontSize: size * 0.6, lineHeight: 1, fontWeight: 600 }} data-testid="product-name">
          {name}
        </strong>
      )}
    </div>
  );
}
