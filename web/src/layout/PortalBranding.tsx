import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { App, ConfigProvider } from 'antd';
import { orgs } from '../api/endpoints';
import { useMe } from '../auth/session';

export const DEFAULT_PRODUCT_NAME = 'Lineport';

interface PortalBranding {
  /** The product name the portal shows (header, side bar, window title). */
  productName: string;
  /** Ant Design's primary colour, `#RRGGBB`; null for Ant Design's own. */
  primaryColor: string | null;
  /** Reads the branding again (after Setup > Branding saved it). */
  refresh: () => Promise<void>;
}

const BrandingContext = createContext<PortalBranding>({
  productName: DEFAULT_PRODUCT_NAME,
  primaryColor: null,
  refresh: () => Promise.resolve(),
});

export const usePortalBranding = () => useContext(BrandingContext);

/**
 * The branding of the signed-in administrator's home organization (Setup > Branding, portal):
 * its primary colour as Ant Design's `colorPrimary` for everything inside, its product name for
 * the frame and the window title. Until it is read, and if it cannot be, Lineport's own.
 */
export function PortalBrandingProvider({ children }: { children: ReactNode }) {
  const me = useMe();
  const homeId = me.org.id;
  const [productName, setProductName] = useState(DEFAULT_PRODUCT_NAME);
  const [primaryColor, setPrimaryColor] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const settings = await orgs.settings(homeId);
      setProductName(settings.portal_product_name?.value || DEFAULT_PRODUCT_NAME);
      setPrimaryColor(settings.portal_primary_color?.value || null);
    } catch {
      // Lineport's own branding stays.
    }
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
    <BrandingContext.Provider value={{ productName, primaryColor, refresh }}>
      <ConfigProvider theme={primaryColor ? { token: { colorPrimary: primaryColor } } : undefined}>
        {/* The message, notification and modal hooks of the pages inside, in the same colours. */}
        <App>{children}</App>
      </ConfigProvider>
    </BrandingContext.Provider>
  );
}
