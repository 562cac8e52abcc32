-- Issue 11: telephony: integrations, calls, call lists. Hand-written (see ARCHITECTURE.md, Data); statements separated by --> statement-breakpoint
SELECT 1;
