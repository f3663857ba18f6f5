/**
 * The Lineport mark and name. Plain HTML (the sign-in page has no Ant Design: docs/decisions.md,
 * "Portal"), drawn as Ant Design's strong text. Signed in, the name is the portal's branding and
 * `logo` the portal logo, shown in place of the mark (`size` high, at most twice as wide; alone
 * when collapsed, as wide as the mark).
 */
export function Brand({
  size = 28,
  collapsed = false,
  name = 'Lineport',
  logo = null,
}: {
  size?: number;
  collapsed?: boolean;
  name?: string;
  logo?: string | null;
}) {
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 10, minWidth: 0 }}>
      {logo ? (
        <img
          src={logo}
          alt=""
          style={{ height: size, maxWidth: collapsed ? size : size * 2, objectFit: 'contain', flexShrink: 0 }}
          data-testid="frame-logo"
        />
      ) : (
        <img src="/favicon.svg" width={size} height={size} alt="" />
      )}
      {!collapsed && (
        <strong className="lp-text" style={{ fontSize: size * 0.6, lineHeight: 1, fontWeight: 600 }} data-testid="product-name">
          {name}
        </strong>
      )}
    </div>
  );
}
