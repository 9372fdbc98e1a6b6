-- 0008-reviews.sql - a rep's request for a gated stage's review, kept with
-- the deal (src/opportunity.c): the stage asked for, the request's state
-- (requested, approved, returned), the rep's note, the reviewer's reply and
-- when it was asked. The reviewers' queue reads the requests still open
-- through a partial index, so it costs the same on a million deals.

ALTER TABLE opportunity ADD COLUMN review_stage TEXT;
ALTER TABLE opportunity ADD COLUMN review_status TEXT;
ALTER TABLE opportunity ADD COLUMN review_note TEXT;
ALTER TABLE opportunity ADD COLUMN review_reply TEXT;
ALTER TABLE opportunity ADD COLUMN review_at TEXT;
CREATE INDEX opportunity_review ON opportunity(review_at) WHERE review_status = 'requested';
CREATE INDEX opportunity_review_returned ON opportunity(owner) WHERE review_status = 'returned';
