-- An administrator's own portal choices that follow them from browser to browser, as a JSON
-- object of known keys (docs/decisions.md, "Portal"): today `accounts_include_suborgs`, the
-- Accounts page's "Include sub-organizations" switch as they last set it.
ALTER TABLE admins ADD COLUMN preferences TEXT NOT NULL DEFAULT '{}';
