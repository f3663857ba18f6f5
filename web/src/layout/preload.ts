/** The signed-in portal's frame: its layout, and Ant Design's App around it (two chunks). */
export const loadLayout = () => import('./AppLayout');
export const loadAntApp = () => import('../common/AntAppOutlet');

/**
 * Starts loading the frame; called as the sign-in form is sent, so the code arrives and runs
 * while the server checks the password (docs/performance.md, "First load").
 */
export function preloadFrame(): void {
  void loadAntApp();
  void loadLayout();
}
