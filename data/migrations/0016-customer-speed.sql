-- 0016-customer-speed.sql - the customer-value reports (issue 14: abc, clv,
-- churn, wallet) at a million contacts: indexes they read alone.
--
--   account_card (id, deleted, owner, name, segment, segment_by_hand,
--     industry): what a report shows of each ranked account, looked up in id
--     order (the order the won deals are grouped in), so consecutive lookups
--     read neighbouring pages of one small index, not a row each all over
--     the account table;
--   contact_account_of (id, account), opportunity_account_of (id, account):
--     the account a log or an activity is about (report churn's silent
--     days: some 200k of them at 1M contacts), looked up in id order;
--   opportunity_value (0010-grade.sql) gains product_line: report wallet
--     reads the won deals' lines with their account, date and amount from
--     the index alone;
--   followup_at, activity_start and activity_due gain related and deleted,
--     so the silent days' logs and completed activities are read from the
--     index alone (deleted is in them so SQLite takes them as covering). The
--     same prefixes as before (0013-report-speed.sql): the lists' keyset
--     paging and report reps' scans are served as before.
-- Dropped and made again under the same name, so a file that has them from
-- another branch's numbering is upgraded all the same.
DROP INDEX IF EXISTS account_card;
CREATE INDEX account_card ON account(id, deleted, owner, name, segment, segment_by_hand,
	industry);
DROP INDEX IF EXISTS contact_account_of;
CREATE INDEX contact_account_of ON contact(id, account);
DROP INDEX IF EXISTS opportunity_account_of;
CREATE INDEX opportunity_account_of ON opportunity(id, account);
DROP INDEX IF EXISTS opportunity_value;
CREATE INDEX opportunity_value ON opportunity(stage, close_date, account, currency, owner, amount,
	deleted, product_line) WHERE deleted = 0;
DROP INDEX IF EXISTS followup_at;
CREATE INDEX followup_at ON followup(at, n, owner, channel, related, deleted) WHERE deleted = 0;
DROP INDEX IF EXISTS activity_start;
CREATE INDEX activity_start ON activity(start, n, owner, status, related, deleted)
	WHERE deleted = 0;
DROP INDEX IF EXISTS activity_due;
CREATE INDEX activity_due ON activity(due, n, owner, status, start, related, deleted)
	WHERE deleted = 0;
