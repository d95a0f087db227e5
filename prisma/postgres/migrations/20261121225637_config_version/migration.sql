-- Workspace.configVersion: bumped by triggers on every change to what the bot caches per workspace
-- (src/store/workspace-snapshot.ts), so a cache in any instance knows it is stale from one small query,
-- whoever wrote: a command, an import, another instance. Triggers, not application code, so a writer
-- added later cannot forget it.
-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN "configVersion" INTEGER NOT NULL DEFAULT 0;

CREATE FUNCTION "bump_config_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE "Workspace" SET "configVersion" = "configVersion" + 1 WHERE "id" = OLD."workspaceId";
  ELSE
    UPDATE "Workspace" SET "configVersion" = "configVersion" + 1 WHERE "id" = NEW."workspaceId";
    IF TG_OP = 'UPDATE' AND OLD."workspaceId" IS DISTINCT FROM NEW."workspaceId" THEN
      UPDATE "Workspace" SET "configVersion" = "configVersion" + 1 WHERE "id" = OLD."workspaceId";
    END IF;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION "bump_own_config_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."configVersion" := OLD."configVersion" + 1;
  RETURN NEW;
END $$;

CREATE TRIGGER "Unit_config_version" AFTER INSERT OR UPDATE OR DELETE ON "Unit" FOR EACH ROW EXECUTE FUNCTION "bump_config_version"();
CREATE TRIGGER "Person_config_version" AFTER INSERT OR UPDATE OR DELETE ON "Person" FOR EACH ROW EXECUTE FUNCTION "bump_config_version"();
CREATE TRIGGER "Indicator_config_version" AFTER INSERT OR UPDATE OR DELETE ON "Indicator" FOR EACH ROW EXECUTE FUNCTION "bump_config_version"();
CREATE TRIGGER "Ratio_config_version" AFTER INSERT OR UPDATE OR DELETE ON "Ratio" FOR EACH ROW EXECUTE FUNCTION "bump_config_version"();
CREATE TRIGGER "Target_config_version" AFTER INSERT OR UPDATE OR DELETE ON "Target" FOR EACH ROW EXECUTE FUNCTION "bump_config_version"();
CREATE TRIGGER "ScopeTarget_config_version" AFTER INSERT OR UPDATE OR DELETE ON "ScopeTarget" FOR EACH ROW EXECUTE FUNCTION "bump_config_version"();
CREATE TRIGGER "Period_config_version" AFTER INSERT OR UPDATE OR DELETE ON "Period" FOR EACH ROW EXECUTE FUNCTION "bump_config_version"();
-- Only the columns the cache reads: the bump itself (configVersion) does not fire it again.
CREATE TRIGGER "Workspace_config_version" BEFORE UPDATE OF "key", "name", "office", "scope", "docPrefix", "percentDigits", "percentTrailingZero", "timezone", "settings" ON "Workspace" FOR EACH ROW EXECUTE FUNCTION "bump_own_config_version"();
