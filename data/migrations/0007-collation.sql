-- 0007-collation.sql - names sort as their readers expect: Chinese by pinyin
-- (as a phone's address book does), Latin with case and accents aside.
--
-- salesterm_name_key(TEXT) is ICU's sort key of a name (src/collate.h),
-- registered on every connection by src/db.c. The lists sort by it with
-- keyset paging over (salesterm_name_key(name), n): these indexes serve that
-- as the (name, n) ones of 0001 serve exact look-ups by name. src/db.c
-- rebuilds them when the ICU rules change (meta collation.version).
CREATE INDEX IF NOT EXISTS user_name_sort ON user(salesterm_name_key(name), n) WHERE deleted = 0;
CREATE INDEX IF NOT EXISTS account_name_sort ON account(salesterm_name_key(name), n) WHERE deleted = 0;
CREATE INDEX IF NOT EXISTS contact_name_sort ON contact(salesterm_name_key(name), n) WHERE deleted = 0;
CREATE INDEX IF NOT EXISTS campaign_name_sort ON campaign(salesterm_name_key(name), n) WHERE deleted = 0;
CREATE INDEX IF NOT EXISTS lead_name_sort ON lead(salesterm_name_key(name), n) WHERE deleted = 0;
CREATE INDEX IF NOT EXISTS opportunity_name_sort ON opportunity(salesterm_name_key(name), n) WHERE deleted = 0;
CREATE INDEX IF NOT EXISTS product_name_sort ON product(salesterm_name_key(name), n) WHERE deleted = 0;
