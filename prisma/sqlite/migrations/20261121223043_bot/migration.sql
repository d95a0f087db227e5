-- AlterTable
ALTER TABLE "Bulletin" ADD COLUMN "changes" JSONB;
ALTER TABLE "Bulletin" ADD COLUMN "publishedBy" TEXT;

-- CreateTable
CREATE TABLE "ProcessedEvent" (
    "eventId" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "response" JSONB
);

-- CreateTable
CREATE TABLE "WorkspaceChat" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "name" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "OutboundMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "receiveIdType" TEXT NOT NULL,
    "receiveId" TEXT NOT NULL,
    "msgType" TEXT NOT NULL,
    "periodKey" TEXT,
    "unitId" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "messageId" TEXT,
    "chatId" TEXT,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'due',
    "runAt" DATETIME NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 5,
    "leaseUntil" DATETIME,
    "leasedBy" TEXT,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "WorkspaceChat_workspaceId_chatId_key" ON "WorkspaceChat"("workspaceId", "chatId");

-- CreateIndex
CREATE UNIQUE INDEX "OutboundMessage_key_key" ON "OutboundMessage"("key");

-- CreateIndex
CREATE INDEX "OutboundMessage_workspaceId_purpose_periodKey_idx" ON "OutboundMessage"("workspaceId", "purpose", "periodKey");

-- CreateIndex
CREATE INDEX "OutboundMessage_messageId_idx" ON "OutboundMessage"("messageId");

-- CreateIndex
CREATE UNIQUE INDEX "Job_key_key" ON "Job"("key");

-- CreateIndex
CREATE INDEX "Job_state_runAt_idx" ON "Job"("state", "runAt");

