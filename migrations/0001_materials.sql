CREATE TABLE `material_likes` (
	`material_id` integer NOT NULL,
	`account_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`material_id`, `account_id`),
	FOREIGN KEY (`material_id`) REFERENCES `materials`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `material_likes_account_idx` ON `material_likes` (`account_id`,`material_id`);--> statement-breakpoint
CREATE TABLE `materials` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`description` text,
	`type` text NOT NULL,
	`file_key` text,
	`file_size` integer DEFAULT 0 NOT NULL,
	`file_format` text NOT NULL,
	`content_type` text NOT NULL,
	`bytes_received` integer DEFAULT 0 NOT NULL,
	`thumbnail_key` text,
	`thumbnail_status` text DEFAULT 'pending' NOT NULL,
	`uploader_id` integer NOT NULL,
	`view_count` integer DEFAULT 0 NOT NULL,
	`like_count` integer DEFAULT 0 NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`uploader_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `materials_status_created_idx` ON `materials` (`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `materials_status_views_idx` ON `materials` (`status`,`view_count`,`id`);--> statement-breakpoint
CREATE INDEX `materials_status_likes_idx` ON `materials` (`status`,`like_count`,`id`);--> statement-breakpoint
CREATE INDEX `materials_status_type_created_idx` ON `materials` (`status`,`type`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `materials_status_type_views_idx` ON `materials` (`status`,`type`,`view_count`,`id`);--> statement-breakpoint
CREATE INDEX `materials_status_type_likes_idx` ON `materials` (`status`,`type`,`like_count`,`id`);--> statement-breakpoint
CREATE INDEX `materials_uploader_idx` ON `materials` (`uploader_id`);--> statement-breakpoint
CREATE INDEX `materials_file_key_idx` ON `materials` (`file_key`);--> statement-breakpoint
CREATE INDEX `materials_thumbnail_key_idx` ON `materials` (`thumbnail_key`);--> statement-breakpoint
CREATE INDEX `materials_thumbnail_status_idx` ON `materials` (`thumbnail_status`,`status`);--> statement-breakpoint
CREATE TABLE `upload_parts` (
	`session_id` text NOT NULL,
	`part_number` integer NOT NULL,
	`etag` text NOT NULL,
	`size` integer NOT NULL,
	`uploaded_at` integer NOT NULL,
	PRIMARY KEY(`session_id`, `part_number`),
	FOREIGN KEY (`session_id`) REFERENCES `upload_sessions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `upload_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`material_id` integer NOT NULL,
	`account_id` integer NOT NULL,
	`r2_upload_id` text NOT NULL,
	`file_key` text NOT NULL,
	`filename` text NOT NULL,
	`size` integer NOT NULL,
	`part_size` integer NOT NULL,
	`total_parts` integer NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`material_id`) REFERENCES `materials`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `upload_sessions_material_idx` ON `upload_sessions` (`material_id`);--> statement-breakpoint
CREATE INDEX `upload_sessions_status_idx` ON `upload_sessions` (`status`,`created_at`);