-- The seller page lists one API key's invoices, newest first.

CREATE INDEX invoices_by_api_key ON invoices (api_key_id, created_at);
