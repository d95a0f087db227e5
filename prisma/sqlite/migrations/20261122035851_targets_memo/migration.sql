-- CreateTable
CREATE TABLE "TargetsMemo" (
    "workspaceId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "basis" TEXT NOT NULL,
    "targets" TEXT NOT NULL,

    PRIMARY KEY ("workspaceId", "year"),
    CONSTRAINT "TargetsMemo_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

