-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN     "importedDigest" TEXT;

