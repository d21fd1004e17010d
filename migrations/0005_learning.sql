CREATE TABLE `labels` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`transaction_id` text NOT NULL,
	`kind` text NOT NULL,
	`account_id` text NOT NULL,
	`previous_account_id` text,
	`previous_source` text,
	`actor` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`company_id`,`transaction_id`) REFERENCES `transactions`(`company_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`company_id`,`account_id`) REFERENCES `accounts`(`company_id`,`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "labels_kind_known" CHECK("labels"."kind" in ('correction', 'accept'))
);
--> statement-breakpoint
CREATE INDEX `labels_transaction_idx` ON `labels` (`company_id`,`transaction_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `labels_company_created_idx` ON `labels` (`company_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `learned_calibration` (
	`company_id` text NOT NULL,
	`bin` text NOT NULL,
	`suggested` integer NOT NULL,
	`right` integer NOT NULL,
	PRIMARY KEY(`company_id`, `bin`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `learned_counts` (
	`company_id` text NOT NULL,
	`feature` text NOT NULL,
	`account_id` text NOT NULL,
	`auto` real NOT NULL,
	`person` real NOT NULL,
	PRIMARY KEY(`company_id`, `feature`, `account_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `learned_models` (
	`company_id` text PRIMARY KEY NOT NULL,
	`version` text NOT NULL,
	`built_at` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `rules` ADD `origin` text DEFAULT 'person' NOT NULL;--> statement-breakpoint
-- Hand-written: the rules a company was created with, and has not changed since, are its industry's pack.
UPDATE `rules` SET `origin` = 'pack'
WHERE `updated_at` = `created_at` AND `created_at` = (SELECT `created_at` FROM `companies` WHERE `companies`.`id` = `rules`.`company_id`);
