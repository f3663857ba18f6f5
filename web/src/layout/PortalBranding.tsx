import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { App, ConfigProvider } from 'antd';
import { branding, orgs } from '../api/endpoints';
import { useMe } from '../auth/session';

export const DEFAULT_PRODUCT_NAME = 'Lineport';

interface PortalBranding {
  /** The product name the portal shows (header, side bar, window title). */
  productName: string;
  /** Ant Design's primary colour, `#RRGGBB`; null for Ant Design's own. */
  primaryColor: string | null;
  /** Where the portal logo is served; null for none (Lineport's mark shows). */
  logoUrl: string | null;
  /** Reads the branding again (after Setup > Branding saved it). */
  refresh: () => Promise<void>;
}

const BrandingContext = createContext<PortalBranding>({
  productName: DEFAULT_PRODUCT_NAME,
  primaryColor: null,
  logoUrl: null,
  refresh: () => Promise.resolve(),
});

export const usePortalBranding = () => useContext(BrandingContext);

/**
 * The branding of the signed-in administrator's home organization (Setup > Branding, portal):
 * its primary colour as Ant Design's `colorPrimary` for everything inside, its product name for
 * the frame and the window title, its portal logo for the frame. Until it is read, and if it
 * cannot be, Lineport's own.
 */
export function PortalBrandingProvider({ children }: { children: ReactNode }) {
  const me = useMe();
  const homeId = me.org.id;
  const [productName, setProductName] = useState(DEFAULT_PRODUCT_NAME);
  const [primaryColor, setPrimaryColor] = useState<string | null>(null);

  const [logoUrl, setLogoUrl] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    // Read together; each part stays Lineport's own if its read fails.
    const [settings, logos] = await Promise.allSettled([orgs.settings(homeId), branding.logos(homeId)]);
    if (settings.status === 'fulfilled') {
      setProductName(settings.value.portal_product_name?.value || DEFAULT_PRODUCT_NAME);
      setPrimaryColor(settings.value.portal_primary_color?.value || null);
    }
    if (logos.status === 'fulfilled') setLogoUrl(logos.value.portal_logo?.url ?? null);
  }, [homeId]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    document.title = productName;
    return () => {
      document.title = DEFAULT_PRODUCT_NAME;
    };
  }, [productName]);

  return (
    <BrandingContext.Provider value={{ productName, primaryColor, logoUrl, refresh }}>
      <ConfigProvider theme={primaryColor ? { token: { colorPrimary: primaryColor } } : undefined}>
        {/* The message, notification and modal hooks of the pages inside, in the same colours. */}
        <App>{children}</App>
      </ConfigProvider>
    </BrandingContext.Provider>
  );
}
