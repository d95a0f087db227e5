-- AlterTable
ALTER TABLE "Bulletin" ADD COLUMN "requestKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Bulletin_requestKey_key" ON "Bulletin"("requestKey");

