import { App } from 'antd';
import { Outlet } from 'react-router';

/**
 * Ant Design's App (the message, notification and modal hooks) around the pages that use it: the
 * signed-in portal and the password change that leads into it, one instance for both so a
 * message shown as one hands over to the other stays. The signed-out pages do without it, so the
 * sign-in page does not load it (docs/performance.md, "First load").
 */
export function AntAppOutlet() {
  return (
    <App>
      <Outlet />
    </App>
  );
}
