-- AlterTable
ALTER TABLE "Finding" ADD COLUMN     "explainedAt" TIMESTAMP(3),
ADD COLUMN     "explainedBy" TEXT;

-- CreateTable
CREATE TABLE "ChaseHold" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "pausedUntil" TIMESTAMP(3) NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChaseHold_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ChaseHold_workspaceId_unitId_key" ON "ChaseHold"("workspaceId", "unitId");

