CREATE TABLE `document_chunks` (
	`company_id` text NOT NULL,
	`document_id` text NOT NULL,
	`position` integer NOT NULL,
	`bytes` blob NOT NULL,
	PRIMARY KEY(`company_id`, `document_id`, `position`),
	FOREIGN KEY (`company_id`,`document_id`) REFERENCES `documents`(`company_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `document_matches` (
	`company_id` text NOT NULL,
	`document_id` text NOT NULL,
	`transaction_id` text NOT NULL,
	`score` real NOT NULL,
	`reasons` text NOT NULL,
	`source` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`company_id`, `document_id`),
	FOREIGN KEY (`company_id`,`document_id`) REFERENCES `documents`(`company_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`company_id`,`transaction_id`) REFERENCES `transactions`(`company_id`,`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "document_matches_score_unit" CHECK("document_matches"."score" >= 0 and "document_matches"."score" <= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `document_matches_transaction_unique` ON `document_matches` (`company_id`,`transaction_id`);--> statement-breakpoint
CREATE TABLE `document_suggestions` (
	`company_id` text NOT NULL,
	`document_id` text NOT NULL,
	`transaction_id` text NOT NULL,
	`score` real NOT NULL,
	`reasons` text NOT NULL,
	PRIMARY KEY(`company_id`, `document_id`, `transaction_id`),
	FOREIGN KEY (`company_id`,`document_id`) REFERENCES `documents`(`company_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`company_id`,`transaction_id`) REFERENCES `transactions`(`company_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `documents` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`filename` text,
	`media_type` text NOT NULL,
	`content_hash` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`status` text NOT NULL,
	`unreadable_reason` text,
	`text` text,
	`vendor` text,
	`document_date` text,
	`total_minor` integer,
	`tax_minor` integer,
	`tip_minor` integer,
	`currency` text,
	`card_last4` text,
	`paid_in_cash` integer NOT NULL,
	`tip_left_out` integer NOT NULL,
	`auto_match` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "documents_status_known" CHECK("documents"."status" in ('matched', 'suggested', 'unmatched', 'unreadable'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `documents_company_id_unique` ON `documents` (`company_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `documents_same_bytes_unique` ON `documents` (`company_id`,`content_hash`);--> statement-breakpoint
CREATE INDEX `documents_company_status_idx` ON `documents` (`company_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `documents_company_date_idx` ON `documents` (`company_id`,`document_date`);--> statement-breakpoint
ALTER TABLE `bank_accounts` ADD `last4` text;