-- AlterTable
ALTER TABLE "Finding" ADD COLUMN "explainedAt" DATETIME;
ALTER TABLE "Finding" ADD COLUMN "explainedBy" TEXT;

-- CreateTable
CREATE TABLE "ChaseHold" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "pausedUntil" DATETIME NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "ChaseHold_workspaceId_unitId_key" ON "ChaseHold"("workspaceId", "unitId");

