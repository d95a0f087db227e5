-- DropIndex
DROP INDEX "Person_workspaceId_role_name_key";

-- CreateIndex
CREATE UNIQUE INDEX "Person_workspaceId_unitId_role_key" ON "Person"("workspaceId", "unitId", "role");

