CREATE TABLE `transaction_suggestions` (
	`company_id` text NOT NULL,
	`transaction_id` text NOT NULL,
	`source` text NOT NULL,
	`account_id` text NOT NULL,
	`confidence` real NOT NULL,
	`reason` text NOT NULL,
	`evidence` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`company_id`,`transaction_id`) REFERENCES `transactions`(`company_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`company_id`,`account_id`) REFERENCES `accounts`(`company_id`,`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "transaction_suggestions_source_known" CHECK("transaction_suggestions"."source" in ('rule', 'learned', 'llm')),
	CONSTRAINT "transaction_suggestions_confidence_unit" CHECK("transaction_suggestions"."confidence" >= 0 and "transaction_suggestions"."confidence" <= 1)
);
--> statement-breakpoint
CREATE INDEX `transaction_suggestions_transaction_idx` ON `transaction_suggestions` (`company_id`,`transaction_id`,`confidence`);--> statement-breakpoint
ALTER TABLE `companies` ADD `confidence_threshold` real DEFAULT 0.8 NOT NULL;--> statement-breakpoint
ALTER TABLE `journal_entries` ADD `evidence` text;--> statement-breakpoint
ALTER TABLE `transactions` ADD `category_evidence` text;--> statement-breakpoint
CREATE UNIQUE INDEX `transactions_company_id_unique` ON `transactions` (`company_id`,`id`);--> statement-breakpoint
-- Hand-written: what a decision rests on was a rule id; it is now evidence of any tier's kind, as JSON.
-- The rewrite of an entry's rule id into its evidence changes no amount, account, date or text, so the
-- guard against edits stands down for this one statement and is put back unchanged.
UPDATE `transactions` SET `category_evidence` = json_object('ruleId', `category_rule_id`) WHERE `category_rule_id` IS NOT NULL;--> statement-breakpoint
-- What the rules decided before suggestions were kept is each such transaction's suggestion too.
INSERT INTO `transaction_suggestions` (`company_id`, `transaction_id`, `source`, `account_id`, `confidence`, `reason`, `evidence`, `created_at`)
SELECT `company_id`, `id`, `category_source`, `category_account_id`, `category_confidence`, `category_reason`, `category_evidence`, `created_at`
FROM `transactions` WHERE `category_source` IN ('rule', 'learned', 'llm');--> statement-breakpoint
DROP TRIGGER `journal_entries_no_update`;--> statement-breakpoint
UPDATE `journal_entries` SET `evidence` = json_object('ruleId', `rule_id`) WHERE `rule_id` IS NOT NULL;--> statement-breakpoint
CREATE TRIGGER `journal_entries_no_update` BEFORE UPDATE ON `journal_entries`
BEGIN
	SELECT RAISE(ABORT, 'journal_entry_immutable');
END;--> statement-breakpoint
ALTER TABLE `journal_entries` DROP COLUMN `rule_id`;--> statement-breakpoint
ALTER TABLE `transactions` DROP COLUMN `category_rule_id`;
