-- CreateTable
CREATE TABLE "MonthMemo" (
    "periodId" TEXT NOT NULL PRIMARY KEY,
    "figuresBasis" TEXT NOT NULL,
    "cells" TEXT NOT NULL,
    "reported" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "judgedBasis" TEXT,
    "judged" TEXT,
    CONSTRAINT "MonthMemo_periodId_fkey" FOREIGN KEY ("periodId") REFERENCES "Period" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

