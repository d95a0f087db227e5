-- AlterTable
ALTER TABLE "Finding" ADD COLUMN     "dubanAt" TIMESTAMP(3),
ADD COLUMN     "dubanPeriod" TEXT;

