-- Issue 11: web forms and lead assignment rules. Hand-written (see ARCHITECTURE.md, Data); statements separated by --> statement-breakpoint
SELECT 1;
