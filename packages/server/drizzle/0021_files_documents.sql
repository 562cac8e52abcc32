-- Issue 11: stored files and documents from templates. Hand-written (see ARCHITECTURE.md, Data); statements separated by --> statement-breakpoint
SELECT 1;
