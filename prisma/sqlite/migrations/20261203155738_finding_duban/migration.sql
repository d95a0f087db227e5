-- AlterTable
ALTER TABLE "Finding" ADD COLUMN "dubanAt" DATETIME;
ALTER TABLE "Finding" ADD COLUMN "dubanPeriod" TEXT;

