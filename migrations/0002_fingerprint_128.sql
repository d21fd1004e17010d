DROP INDEX `transactions_fingerprint_unique`;--> statement-breakpoint
-- Fingerprints are now the first 128 bits of the SHA-256 (32 hex digits): the rows already stored keep matching re-imports.
UPDATE `transactions` SET `fingerprint` = substr(`fingerprint`, 1, 32) WHERE length(`fingerprint`) > 32;--> statement-breakpoint
CREATE UNIQUE INDEX `transactions_account_fingerprint_unique` ON `transactions` (`bank_account_id`,`fingerprint`);
