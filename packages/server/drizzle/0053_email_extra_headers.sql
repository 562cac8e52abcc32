-- Headers an outgoing message carries beyond the ordinary ones, e.g. a sequence email's List-Unsubscribe and
-- List-Unsubscribe-Post (RFC 8058), which the delivery job passes to the SMTP transport as they are.
ALTER TABLE email_messages ADD COLUMN IF NOT EXISTS extra_headers jsonb;
