CREATE TABLE `achievements` (
	`id` integer PRIMARY KEY NOT NULL,
	`achievement_type` text NOT NULL,
	`metric` text NOT NULL,
	`name` text NOT NULL,
	`description` text NOT NULL,
	`icon_class` text NOT NULL,
	`required_value` integer NOT NULL,
	`sort_order` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `community_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`owner_id` integer NOT NULL,
	`max_members` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `community_groups_kind_created_idx` ON `community_groups` (`kind`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `community_groups_owner_idx` ON `community_groups` (`owner_id`);--> statement-breakpoint
CREATE TABLE `community_members` (
	`group_id` integer NOT NULL,
	`account_id` integer NOT NULL,
	`joined_at` integer NOT NULL,
	PRIMARY KEY(`group_id`, `account_id`),
	FOREIGN KEY (`group_id`) REFERENCES `community_groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `community_members_account_idx` ON `community_members` (`account_id`,`group_id`);--> statement-breakpoint
CREATE TABLE `course_categories` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`sort_order` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `course_enrollments` (
	`account_id` integer NOT NULL,
	`course_id` integer NOT NULL,
	`progress` integer DEFAULT 0 NOT NULL,
	`study_seconds` integer DEFAULT 0 NOT NULL,
	`enrolled_at` integer NOT NULL,
	`last_study_at` integer,
	`completed_at` integer,
	PRIMARY KEY(`account_id`, `course_id`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "course_enrollments_progress_range" CHECK("course_enrollments"."progress" between 0 and 100)
);
--> statement-breakpoint
CREATE INDEX `course_enrollments_course_idx` ON `course_enrollments` (`course_id`);--> statement-breakpoint
CREATE INDEX `course_enrollments_account_idx` ON `course_enrollments` (`account_id`,`enrolled_at`);--> statement-breakpoint
CREATE TABLE `course_favorites` (
	`account_id` integer NOT NULL,
	`course_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `course_id`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `course_favorites_course_idx` ON `course_favorites` (`course_id`);--> statement-breakpoint
CREATE INDEX `course_favorites_account_idx` ON `course_favorites` (`account_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `course_materials` (
	`course_id` integer NOT NULL,
	`material_id` integer NOT NULL,
	`added_at` integer NOT NULL,
	PRIMARY KEY(`course_id`, `material_id`),
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`material_id`) REFERENCES `materials`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `course_materials_material_idx` ON `course_materials` (`material_id`);--> statement-breakpoint
CREATE TABLE `course_progress_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`course_id` integer NOT NULL,
	`progress` integer NOT NULL,
	`duration_seconds` integer NOT NULL,
	`day` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `course_progress_events_account_day_idx` ON `course_progress_events` (`account_id`,`day`);--> statement-breakpoint
CREATE INDEX `course_progress_events_course_idx` ON `course_progress_events` (`course_id`,`account_id`);--> statement-breakpoint
CREATE TABLE `course_ratings` (
	`account_id` integer NOT NULL,
	`course_id` integer NOT NULL,
	`rating` integer NOT NULL,
	`comment` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `course_id`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "course_ratings_rating_range" CHECK("course_ratings"."rating" between 1 and 5)
);
--> statement-breakpoint
CREATE INDEX `course_ratings_course_idx` ON `course_ratings` (`course_id`);--> statement-breakpoint
CREATE TABLE `courses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`cover_img` text,
	`cover_key` text,
	`category_id` integer NOT NULL,
	`teacher_id` integer NOT NULL,
	`difficulty_level` text NOT NULL,
	`duration_seconds` integer DEFAULT 0 NOT NULL,
	`is_online` integer DEFAULT false NOT NULL,
	`deleted_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`category_id`) REFERENCES `course_categories`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`teacher_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `courses_online_created_idx` ON `courses` (`is_online`,`deleted_at`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `courses_category_idx` ON `courses` (`category_id`,`is_online`);--> statement-breakpoint
CREATE INDEX `courses_teacher_idx` ON `courses` (`teacher_id`,`deleted_at`,`created_at`);--> statement-breakpoint
CREATE TABLE `earned_achievements` (
	`account_id` integer NOT NULL,
	`achievement_id` integer NOT NULL,
	`earned_at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `achievement_id`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`achievement_id`) REFERENCES `achievements`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `personal_profiles` (
	`account_id` integer PRIMARY KEY NOT NULL,
	`user_intro` text,
	`occupation` text,
	`learning_goal` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `phone_login_failures` (
	`phone` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`window_started_at` integer NOT NULL,
	`locked_until` integer
);
--> statement-breakpoint
CREATE INDEX `phone_login_failures_window_idx` ON `phone_login_failures` (`window_started_at`);--> statement-breakpoint
CREATE TABLE `departments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `departments_name_lower_uq` ON `departments` (lower("name"));--> statement-breakpoint
CREATE TABLE `lesson_tasks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`course_name` text NOT NULL,
	`micro_lesson_name` text NOT NULL,
	`user_id` integer NOT NULL,
	`progress_status` integer DEFAULT 0 NOT NULL,
	`script_create_time` integer,
	`script_review_time` integer,
	`script_confirm_time` integer,
	`video_create_time` integer,
	`video_confirm_time` integer,
	`finish_time` integer,
	`advise` text DEFAULT '' NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `lesson_tasks_user_idx` ON `lesson_tasks` (`user_id`,`id`);--> statement-breakpoint
CREATE TABLE `progress_profiles` (
	`account_id` integer PRIMARY KEY NOT NULL,
	`department_id` integer,
	`creator_id` integer,
	`job` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`creator_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `progress_profiles_department_idx` ON `progress_profiles` (`department_id`,`account_id`);--> statement-breakpoint
CREATE TABLE `excourse_profiles` (
	`account_id` integer PRIMARY KEY NOT NULL,
	`work_id` text,
	`wechat` text,
	`is_grade` integer DEFAULT 0 NOT NULL,
	`is_super` integer DEFAULT 0 NOT NULL,
	`is_delete` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `school_members` (
	`account_id` integer PRIMARY KEY NOT NULL,
	`school_id` integer NOT NULL,
	`role` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`school_id`) REFERENCES `schools`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `school_members_school_idx` ON `school_members` (`school_id`,`role`,`account_id`);--> statement-breakpoint
CREATE TABLE `schools` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`status` integer DEFAULT 1 NOT NULL,
	`reject_reason` text DEFAULT '' NOT NULL,
	`owner_id` integer NOT NULL,
	`reviewed_by` integer,
	`reviewed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewed_by`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "schools_status_ck" CHECK("schools"."status" in (1, 2, 3))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `schools_name_open_uq` ON `schools` (lower("name")) WHERE "schools"."status" <> 3;--> statement-breakpoint
CREATE INDEX `schools_owner_idx` ON `schools` (`owner_id`,`id`);--> statement-breakpoint
CREATE INDEX `schools_status_idx` ON `schools` (`status`,`id`);--> statement-breakpoint
CREATE TABLE `sms_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`phone` text NOT NULL,
	`purpose` text NOT NULL,
	`code_hash` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`client_ip` text,
	`delivery` text DEFAULT 'pending' NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`consumed_at` integer
);
--> statement-breakpoint
CREATE INDEX `sms_codes_phone_idx` ON `sms_codes` (`phone`,`purpose`,`id`);--> statement-breakpoint
CREATE INDEX `sms_codes_phone_created_idx` ON `sms_codes` (`phone`,`created_at`);--> statement-breakpoint
CREATE INDEX `sms_codes_ip_created_idx` ON `sms_codes` (`client_ip`,`created_at`);--> statement-breakpoint
CREATE INDEX `sms_codes_created_idx` ON `sms_codes` (`created_at`);