-- AlterTable
ALTER TABLE "Indicator" ADD COLUMN     "ownTotal" BOOLEAN NOT NULL DEFAULT false;

