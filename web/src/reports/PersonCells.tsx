import { Typography } from 'antd';

// The two cells the record reports (usage activity, compliance records) show for whose a record
// is: the user's name over their login, and their multiline number over their organization.

interface Person {
  first_name: string;
  last_name: string;
  login: string;
}

export function UserCell({ row }: { row: Person }) {
  const name = `${row.first_name} ${row.last_name}`.trim();
  return (
    <>
      <div className="cell-line" title={name}>
        {name}
      </div>
      <Typography.Text type="secondary" className="cell-line" title={row.login}>
        {row.login}
      </Typography.Text>
    </>
  );
}

export function NumberOrgCell({ row }: { row: { multiline_number?: string | null; org_name: string } }) {
  return (
    <>
      <div className="phone-number">{row.multiline_number}</div>
      <Typography.Text type="secondary" className="cell-line" title={row.org_name}>
        {row.org_name}
      </Typography.Text>
    </>
  );
}
