-- Issue 11: email: mailboxes, messages, templates, outbox. Hand-written (see ARCHITECTURE.md, Data); statements separated by --> statement-breakpoint
SELECT 1;
