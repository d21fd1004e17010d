CREATE TABLE `journal_entries` (
	`company_id` text NOT NULL,
	`number` integer NOT NULL,
	`entry_date` text NOT NULL,
	`description` text NOT NULL,
	`kind` text NOT NULL,
	`transaction_id` text,
	`transfer_transaction_id` text,
	`reverses_number` integer,
	`source` text NOT NULL,
	`rule_id` text,
	`confidence` real NOT NULL,
	`reason` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`company_id`, `number`),
	CONSTRAINT "journal_entries_kind_known" CHECK("journal_entries"."kind" in ('transaction', 'transfer', 'reversal')),
	CONSTRAINT "journal_entries_source_known" CHECK("journal_entries"."source" in ('rule', 'learned', 'llm', 'transfer', 'manual', 'none')),
	CONSTRAINT "journal_entries_number_positive" CHECK(typeof("journal_entries"."number") = 'integer' and "journal_entries"."number" > 0),
	CONSTRAINT "journal_entries_date_iso" CHECK("journal_entries"."entry_date" glob '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')
) WITHOUT ROWID;
--> statement-breakpoint
CREATE UNIQUE INDEX `journal_entries_reversed_once` ON `journal_entries` (`company_id`,`reverses_number`) WHERE "journal_entries"."reverses_number" is not null;--> statement-breakpoint
CREATE INDEX `journal_entries_company_date_idx` ON `journal_entries` (`company_id`,`entry_date`,`number`);--> statement-breakpoint
CREATE TABLE `journal_lines` (
	`company_id` text NOT NULL,
	`entry_number` integer NOT NULL,
	`line_number` integer NOT NULL,
	`account_id` text NOT NULL,
	`entry_date` text NOT NULL,
	`amount_minor` integer NOT NULL,
	PRIMARY KEY(`company_id`, `entry_number`, `line_number`),
	FOREIGN KEY (`company_id`,`account_id`) REFERENCES `accounts`(`company_id`,`id`) ON UPDATE no action ON DELETE no action,
	-- Hand-written (drizzle cannot say DEFERRABLE): lines go in before their entry, and a line whose entry never follows fails the commit.
	FOREIGN KEY (`company_id`,`entry_number`) REFERENCES `journal_entries`(`company_id`,`number`) DEFERRABLE INITIALLY DEFERRED,
	CONSTRAINT "journal_lines_amount_nonzero_integer" CHECK(typeof("journal_lines"."amount_minor") = 'integer' and "journal_lines"."amount_minor" <> 0)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `journal_lines_account_date_idx` ON `journal_lines` (`company_id`,`account_id`,`entry_date`,`amount_minor`);--> statement-breakpoint
CREATE TABLE `rules` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`conditions` text NOT NULL,
	`bank_account_id` text,
	`account_id` text NOT NULL,
	`rename_vendor` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`company_id`,`account_id`) REFERENCES `accounts`(`company_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`company_id`,`bank_account_id`) REFERENCES `bank_accounts`(`company_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `rules_company_position_idx` ON `rules` (`company_id`,`position`,`created_at`);--> statement-breakpoint
ALTER TABLE `transactions` ADD `entry_number` integer;--> statement-breakpoint
ALTER TABLE `transactions` ADD `category_account_id` text;--> statement-breakpoint
ALTER TABLE `transactions` ADD `category_source` text;--> statement-breakpoint
ALTER TABLE `transactions` ADD `category_confidence` real;--> statement-breakpoint
ALTER TABLE `transactions` ADD `category_rule_id` text;--> statement-breakpoint
ALTER TABLE `transactions` ADD `category_reason` text;--> statement-breakpoint
ALTER TABLE `transactions` ADD `transfer_transaction_id` text;--> statement-breakpoint
CREATE INDEX `transactions_company_entry_idx` ON `transactions` (`company_id`,`entry_number`);--> statement-breakpoint
-- The ledger's invariants, held by the database itself on D1 and libSQL alike (hand-written: drizzle has no triggers).
-- Lines are written first and their entry last; the entry's insert checks that its lines balance and agree on company and date.
CREATE TRIGGER `journal_entries_balanced` BEFORE INSERT ON `journal_entries`
WHEN (SELECT count(*) < 2 OR coalesce(sum(`amount_minor`), 0) <> 0 OR sum(`entry_date` <> NEW.`entry_date`) > 0
      FROM `journal_lines` WHERE `company_id` = NEW.`company_id` AND `entry_number` = NEW.`number`)
BEGIN
	SELECT RAISE(ABORT, 'journal_entry_unbalanced');
END;--> statement-breakpoint
-- An entry, once written, takes no more lines: they would change it.
CREATE TRIGGER `journal_lines_sealed` BEFORE INSERT ON `journal_lines`
WHEN EXISTS (SELECT 1 FROM `journal_entries` WHERE `company_id` = NEW.`company_id` AND `number` = NEW.`entry_number`)
BEGIN
	SELECT RAISE(ABORT, 'journal_entry_sealed');
END;--> statement-breakpoint
-- INSERT OR REPLACE would delete an entry without firing the DELETE trigger: an entry number, once written, is taken for good.
CREATE TRIGGER `journal_entries_no_replace` BEFORE INSERT ON `journal_entries`
WHEN EXISTS (SELECT 1 FROM `journal_entries` WHERE `company_id` = NEW.`company_id` AND `number` = NEW.`number`)
BEGIN
	SELECT RAISE(ABORT, 'journal_entry_immutable');
END;--> statement-breakpoint
CREATE TRIGGER `journal_entries_no_update` BEFORE UPDATE ON `journal_entries`
BEGIN
	SELECT RAISE(ABORT, 'journal_entry_immutable');
END;--> statement-breakpoint
CREATE TRIGGER `journal_entries_no_delete` BEFORE DELETE ON `journal_entries`
BEGIN
	SELECT RAISE(ABORT, 'journal_entry_immutable');
END;--> statement-breakpoint
CREATE TRIGGER `journal_lines_no_update` BEFORE UPDATE ON `journal_lines`
BEGIN
	SELECT RAISE(ABORT, 'journal_entry_immutable');
END;--> statement-breakpoint
CREATE TRIGGER `journal_lines_no_delete` BEFORE DELETE ON `journal_lines`
BEGIN
	SELECT RAISE(ABORT, 'journal_entry_immutable');
END;--> statement-breakpoint
-- Transactions imported before the books existed are posted now, to the Uncategorized suspense account, for review.
UPDATE `transactions` SET `status` = 'review', `category_source` = 'none', `category_confidence` = 0,
	`category_reason` = 'imported before categorization; waiting for review',
	`category_account_id` = (SELECT `id` FROM `accounts` WHERE `accounts`.`company_id` = `transactions`.`company_id` AND `code` = '6999')
WHERE `category_source` IS NULL;--> statement-breakpoint
UPDATE `transactions` SET `entry_number` = `numbered`.`n`
FROM (SELECT `id`, row_number() OVER (PARTITION BY `company_id` ORDER BY `posted_on`, `created_at`, `line`, `id`) AS `n`
      FROM `transactions` WHERE `amount_minor` <> 0) AS `numbered`
WHERE `transactions`.`id` = `numbered`.`id`;--> statement-breakpoint
INSERT INTO `journal_lines` (`company_id`, `entry_number`, `line_number`, `account_id`, `entry_date`, `amount_minor`)
SELECT t.`company_id`, t.`entry_number`, 1, b.`ledger_account_id`, t.`posted_on`, t.`amount_minor`
FROM `transactions` t JOIN `bank_accounts` b ON b.`id` = t.`bank_account_id` WHERE t.`entry_number` IS NOT NULL;--> statement-breakpoint
INSERT INTO `journal_lines` (`company_id`, `entry_number`, `line_number`, `account_id`, `entry_date`, `amount_minor`)
SELECT `company_id`, `entry_number`, 2, `category_account_id`, `posted_on`, -`amount_minor`
FROM `transactions` WHERE `entry_number` IS NOT NULL;--> statement-breakpoint
INSERT INTO `journal_entries` (`company_id`, `number`, `entry_date`, `description`, `kind`, `transaction_id`, `source`, `confidence`, `reason`, `created_at`)
SELECT `company_id`, `entry_number`, `posted_on`, `description`, 'transaction', `id`, 'none', 0, `category_reason`, `created_at`
FROM `transactions` WHERE `entry_number` IS NOT NULL;
