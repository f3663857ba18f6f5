-- The Accounts page filtered by a rare state reads the matching accounts of an organization newest
-- first along one of these partial indexes and stops at the page's end, however few accounts are
-- in that state. A CSV import writes neither (its accounts are saved or invited, their invitations
-- not sent or sent). The common states are read along accounts_org_created: they are a large share
-- of an organization's accounts, so a page's 50 come soon (docs/performance.md#lists).
CREATE INDEX accounts_org_suspended ON accounts (org_id, created_at, id) WHERE status = 'suspended';
CREATE INDEX accounts_org_invitation_failed ON accounts (org_id, created_at, id) WHERE invitation_status = 'failed';
