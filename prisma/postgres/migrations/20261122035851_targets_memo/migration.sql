-- CreateTable
CREATE TABLE "TargetsMemo" (
    "workspaceId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "basis" TEXT NOT NULL,
    "targets" TEXT NOT NULL,

    CONSTRAINT "TargetsMemo_pkey" PRIMARY KEY ("workspaceId","year")
);

-- AddForeignKey
ALTER TABLE "TargetsMemo" ADD CONSTRAINT "TargetsMemo_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

