import { Flex, Typography } from 'antd';

/** The Lineport mark and name. */
export function Brand({ size = 28, collapsed = false }: { size?: number; collapsed?: boolean }) {
  return (
    <Flex align="center" gap={10}>
      <img src="/favicon.svg" width={size} height={size} alt="" />
      {!collapsed && (
        <Typography.Text strong style={{ fontSize: size * 0.6, lineHeight: 1 }}>
          Lineport
        </Typography.Text>
      )}
    </Flex>
  );
}
