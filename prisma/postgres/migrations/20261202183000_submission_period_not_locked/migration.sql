-- A submission is stored only into a period that is not locked, checked by the database in the very
-- statement that stores it. Publishing locks the period before it compiles, so the bulletin holds
-- exactly what was stored before the lock, and a submission that races the lock is refused (the
-- contact is told on the card), never stored unseen. FOR SHARE orders the two: a lock taken while an
-- insert is running waits for the insert's commit (and so sees it when it compiles), and an insert
-- after the lock reads the locked state.
CREATE FUNCTION "refuse_submission_to_locked_period"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT "state" FROM "Period" WHERE "id" = NEW."periodId" FOR SHARE) = 'locked' THEN
    RAISE EXCEPTION 'PERIOD_LOCKED';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER "Submission_period_not_locked" BEFORE INSERT ON "Submission" FOR EACH ROW EXECUTE FUNCTION "refuse_submission_to_locked_period"();
