CREATE TABLE `import_row_problems` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`import_id` text NOT NULL,
	`kind` text NOT NULL,
	`line` integer NOT NULL,
	`reason` text NOT NULL,
	`raw` text NOT NULL,
	FOREIGN KEY (`company_id`,`import_id`) REFERENCES `imports`(`company_id`,`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "import_row_problems_kind_known" CHECK("import_row_problems"."kind" in ('rejected', 'skipped'))
);
--> statement-breakpoint
CREATE INDEX `import_row_problems_import_idx` ON `import_row_problems` (`company_id`,`import_id`,`line`);--> statement-breakpoint
CREATE TABLE `imports` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`bank_account_id` text NOT NULL,
	`filename` text,
	`content_hash` text NOT NULL,
	`idempotency_key` text,
	`status` text NOT NULL,
	`dialect` text NOT NULL,
	`rows_total` integer NOT NULL,
	`rows_inserted` integer NOT NULL,
	`rows_duplicate` integer NOT NULL,
	`rows_rejected` integer NOT NULL,
	`rows_skipped` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`company_id`,`bank_account_id`) REFERENCES `bank_accounts`(`company_id`,`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "imports_counts_add_up" CHECK("imports"."rows_total" = "imports"."rows_inserted" + "imports"."rows_duplicate" + "imports"."rows_rejected" + "imports"."rows_skipped")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `imports_company_id_unique` ON `imports` (`company_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `imports_same_bytes_unique` ON `imports` (`company_id`,`bank_account_id`,`content_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `imports_idempotency_key_unique` ON `imports` (`company_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `imports_bank_account_idx` ON `imports` (`company_id`,`bank_account_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `transactions` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`bank_account_id` text NOT NULL,
	`import_id` text NOT NULL,
	`line` integer NOT NULL,
	`posted_on` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`description` text NOT NULL,
	`vendor` text NOT NULL,
	`fingerprint` text NOT NULL,
	`status` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`company_id`,`bank_account_id`) REFERENCES `bank_accounts`(`company_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`company_id`,`import_id`) REFERENCES `imports`(`company_id`,`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "transactions_amount_integer" CHECK(typeof("transactions"."amount_minor") = 'integer'),
	CONSTRAINT "transactions_posted_on_iso" CHECK("transactions"."posted_on" glob '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `transactions_fingerprint_unique` ON `transactions` (`company_id`,`bank_account_id`,`fingerprint`);--> statement-breakpoint
CREATE INDEX `transactions_company_posted_idx` ON `transactions` (`company_id`,`posted_on`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `bank_accounts_company_id_unique` ON `bank_accounts` (`company_id`,`id`);