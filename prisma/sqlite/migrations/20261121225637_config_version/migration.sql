-- Workspace.configVersion: bumped by triggers on every change to what the bot caches per workspace
-- (src/store/workspace-snapshot.ts), so a cache in any instance knows it is stale from one small query,
-- whoever wrote: a command, an import, another instance. Triggers, not application code, so a writer
-- added later cannot forget it.
-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN "configVersion" INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER "Unit_config_version_insert" AFTER INSERT ON "Unit" BEGIN UPDATE "Workspace" SET "configVersion" = "configVersion" + 1 WHERE "id" = NEW."workspaceId"; END;
CREATE TRIGGER "Unit_config_version_update" AFTER UPDATE ON "Unit" BEGIN UPDATE "Workspace" SET "configVersion" = "configVersion" + 1 WHERE "id" IN (OLD."workspaceId", NEW."workspaceId"); END;
CREATE TRIGGER "Unit_config_version_delete" AFTER DELETE ON "Unit" BEGIN UPDATE "Workspace" SET "configVersion" = "configVersion" + 1 WHERE "id" = OLD."workspaceId"; END;
CREATE TRIGGER "Person_config_version_insert" AFTER INSERT ON "Person" BEGIN UPDATE "Workspace" SET "configVersion" = "configVersion" + 1 WHERE "id" = NEW."workspaceId"; END;
CREATE TRIGGER "Person_config_version_update" AFTER UPDATE ON "Person" BEGIN UPDATE "Workspace" SET "configVersion" = "configVersion" + 1 WHERE "id" IN (OLD."workspaceId", NEW."workspaceId"); END;
CREATE TRIGGER "Person_config_version_delete" AFTER DELETE ON "Person" BEGIN UPDATE "Workspace" SET "configVersion" = "configVersion" + 1 WHERE "id" = OLD."workspaceId"; END;
CREATE TRIGGER "Indicator_config_version_insert" AFTER INSERT ON "Indicator" BEGIN UPDATE "Workspace" SET "configVersion" = "configVersion" + 1 WHERE "id" = NEW."workspaceId"; END;
CREATE TRIGGER "Indicator_config_version_update" AFTER UPDATE ON "Indicator" BEGIN UPDATE "Workspace" SET "configVersion" = "configVersion" + 1 WHERE "id" IN (OLD."workspaceId", NEW."workspaceId"); END;
CREATE TRIGGER "Indicator_config_version_delete" AFTER DELETE ON "Indicator" BEGIN UPDATE "Workspace" SET "configVersion" = "configVersion" + 1 WHERE "id" = OLD."workspaceId"; END;
CREATE TRIGGER "Ratio_config_version_insert" AFTER INSERT ON "Ratio" BEGIN UPDATE "Workspace" SET "configVersion" = "configVersion" + 1 WHERE "id" = NEW."workspaceId"; END;
CREATE TRIGGER "Ratio_config_version_update" AFTER UPDATE ON "Ratio" BEGIN UPDATE "Workspace" SET "configVersion" = "configVersion" + 1 WHERE "id" IN (OLD."workspaceId", NEW."workspaceId"); END;
CREATE TRIGGER "Ratio_config_version_delete" AFTER DELETE ON "Ratio" BEGIN UPDATE "Workspace" SET "configVersion" = "configVersion" + 1 WHERE "id" = OLD."workspaceId"; END;
CREATE TRIGGER "Target_config_version_insert" AFTER INSERT ON "Target" BEGIN UPDATE "Workspace" SET "configVersion" = "configVersion" + 1 WHERE "id" = NEW."workspaceId"; END;
CREATE TRIGGER "Target_config_version_update" AFTER UPDATE ON "Target" BEGIN UPDATE "Workspace" SET "configVersion" = "configVersion" + 1 WHERE "id" IN (OLD."workspaceId", NEW."workspaceId"); END;
CREATE TRIGGER "Target_config_version_delete" AFTER DELETE ON "Target" BEGIN UPDATE "Workspace" SET "configVersion" = "configVersion" + 1 WHERE "id" = OLD."workspaceId"; END;
CREATE TRIGGER "ScopeTarget_config_version_insert" AFTER INSERT ON "ScopeTarget" BEGIN UPDATE "Workspace" SET "configVersion" = "configVersion" + 1 WHERE "id" = NEW."workspaceId"; END;
CREATE TRIGGER "ScopeTarget_config_version_update" AFTER UPDATE ON "ScopeTarget" BEGIN UPDATE "Workspace" SET "configVersion" = "configVersion" + 1 WHERE "id" IN (OLD."workspaceId", NEW."workspaceId"); END;
CREATE TRIGGER "ScopeTarget_config_version_delete" AFTER DELETE ON "ScopeTarget" BEGIN UPDATE "Workspace" SET "configVersion" = "configVersion" + 1 WHERE "id" = OLD."workspaceId"; END;
CREATE TRIGGER "Period_config_version_insert" AFTER INSERT ON "Period" BEGIN UPDATE "Workspace" SET "configVersion" = "configVersion" + 1 WHERE "id" = NEW."workspaceId"; END;
CREATE TRIGGER "Period_config_version_update" AFTER UPDATE ON "Period" BEGIN UPDATE "Workspace" SET "configVersion" = "configVersion" + 1 WHERE "id" IN (OLD."workspaceId", NEW."workspaceId"); END;
CREATE TRIGGER "Period_config_version_delete" AFTER DELETE ON "Period" BEGIN UPDATE "Workspace" SET "configVersion" = "configVersion" + 1 WHERE "id" = OLD."workspaceId"; END;
-- Only the columns the cache reads: the bump itself (configVersion) does not fire it again.
CREATE TRIGGER "Workspace_config_version_update" AFTER UPDATE OF "key", "name", "office", "scope", "docPrefix", "percentDigits", "percentTrailingZero", "timezone", "settings" ON "Workspace" BEGIN UPDATE "Workspace" SET "configVersion" = "configVersion" + 1 WHERE "id" = NEW."id"; END;
