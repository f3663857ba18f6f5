/**
 * The signed-in portal's frame: its layout, Ant Design's App around it and Ant Design's
 * configuration (its locale) around that (three chunks).
 */
export const loadLayout = () => import('./AppLayout');
export const loadAntApp = () => import('../common/AntAppOutlet');
export const loadAntConfig = () => import('../common/AntConfigOutlet');

/**
 * Starts loading the frame; called as the sign-in form is sent, so the code arrives and runs
 * while the server checks the password (docs/performance.md, "First load").
 */
export function preloadFrame(): void {
  void loadAntConfig();
  void loadAntApp();
  void loadLayout();
}
