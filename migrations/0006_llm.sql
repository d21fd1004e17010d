CREATE TABLE `llm_answers` (
	`company_id` text NOT NULL,
	`direction` text NOT NULL,
	`vendor_key` text NOT NULL,
	`provider` text NOT NULL,
	`model` text NOT NULL,
	`prompt_version` text NOT NULL,
	`account_id` text NOT NULL,
	`confidence` real NOT NULL,
	`reason` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`company_id`, `direction`, `vendor_key`, `provider`, `model`, `prompt_version`),
	FOREIGN KEY (`company_id`,`account_id`) REFERENCES `accounts`(`company_id`,`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "llm_answers_confidence_unit" CHECK("llm_answers"."confidence" >= 0 and "llm_answers"."confidence" <= 1)
);
--> statement-breakpoint
CREATE TABLE `llm_calls` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`import_id` text,
	`provider` text NOT NULL,
	`model` text NOT NULL,
	`prompt_version` text NOT NULL,
	`items` integer NOT NULL,
	`outcome` text NOT NULL,
	`attempts` integer NOT NULL,
	`prompt_tokens` integer NOT NULL,
	`completion_tokens` integer NOT NULL,
	`latency_ms` integer NOT NULL,
	`started_at` text NOT NULL,
	CONSTRAINT "llm_calls_outcome_known" CHECK("llm_calls"."outcome" in ('ok', 'timeout', 'rate_limited', 'server_error', 'refused', 'garbage'))
);
--> statement-breakpoint
CREATE INDEX `llm_calls_company_started_idx` ON `llm_calls` (`company_id`,`started_at`);--> statement-breakpoint
ALTER TABLE `imports` ADD `llm_status` text;--> statement-breakpoint
ALTER TABLE `imports` ADD `llm_vendors` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `imports` ADD `llm_decided` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `imports` ADD `llm_suggested` integer DEFAULT 0 NOT NULL;