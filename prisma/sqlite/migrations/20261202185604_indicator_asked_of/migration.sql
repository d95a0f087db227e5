-- AlterTable
ALTER TABLE "Indicator" ADD COLUMN "askedOf" TEXT;

