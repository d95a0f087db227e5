-- AlterTable
-- A plain ADD COLUMN, not the table rebuild `prisma migrate diff` writes: rebuilding "Indicator" would
-- drop the triggers that bump Workspace.configVersion (migration *_config_version).
ALTER TABLE "Indicator" ADD COLUMN "ownTotal" BOOLEAN NOT NULL DEFAULT false;
