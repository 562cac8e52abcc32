-- Issue 11: outgoing webhooks and the domain event outbox. Hand-written (see ARCHITECTURE.md, Data); statements separated by --> statement-breakpoint
SELECT 1;
