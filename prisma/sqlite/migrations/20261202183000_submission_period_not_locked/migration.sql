-- A submission is stored only into a period that is not locked, checked by the database in the very
-- statement that stores it. Publishing locks the period before it compiles, so the bulletin holds
-- exactly what was stored before the lock, and a submission that races the lock is refused (the
-- contact is told on the card), never stored unseen. SQLite runs one writer at a time, so the check
-- and the insert cannot interleave with the lock.
CREATE TRIGGER "Submission_period_not_locked" BEFORE INSERT ON "Submission"
WHEN (SELECT "state" FROM "Period" WHERE "id" = NEW."periodId") = 'locked'
BEGIN
  SELECT RAISE(ABORT, 'PERIOD_LOCKED');
END;
