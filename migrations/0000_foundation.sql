CREATE TABLE `accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`subtype` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "accounts_type_known" CHECK("accounts"."type" in ('asset', 'liability', 'equity', 'revenue', 'expense')),
	CONSTRAINT "accounts_subtype_known" CHECK("accounts"."subtype" in ('cash', 'bank', 'receivable', 'inventory', 'prepaid', 'fixed_asset', 'contra_asset', 'payable', 'credit_card', 'payroll_liability', 'tax_liability', 'loan', 'escrow', 'owner_capital', 'owner_draw', 'retained_earnings', 'operating_revenue', 'contra_revenue', 'other_income', 'cost_of_goods', 'operating_expense', 'other_expense', 'suspense'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_company_code_unique` ON `accounts` (`company_id`,`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_company_id_unique` ON `accounts` (`company_id`,`id`);--> statement-breakpoint
CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`key_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`label` text,
	`created_at` text NOT NULL,
	`revoked_at` text,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_key_hash_unique` ON `api_keys` (`key_hash`);--> statement-breakpoint
CREATE INDEX `api_keys_company_idx` ON `api_keys` (`company_id`);--> statement-breakpoint
CREATE TABLE `bank_accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`currency` text NOT NULL,
	`ledger_account_id` text NOT NULL,
	`csv_settings` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`company_id`,`ledger_account_id`) REFERENCES `accounts`(`company_id`,`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "bank_accounts_kind_known" CHECK("bank_accounts"."kind" in ('checking', 'savings', 'credit_card'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bank_accounts_company_name_unique` ON `bank_accounts` (`company_id`,`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `bank_accounts_ledger_account_unique` ON `bank_accounts` (`ledger_account_id`);--> statement-breakpoint
CREATE TABLE `companies` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`industry` text NOT NULL,
	`currency` text NOT NULL,
	`created_at` text NOT NULL,
	CONSTRAINT "companies_industry_known" CHECK("companies"."industry" in ('retail', 'services', 'childcare', 'real_estate', 'professional')),
	CONSTRAINT "companies_currency_iso" CHECK(length("companies"."currency") = 3 and "companies"."currency" = upper("companies"."currency"))
);
