CREATE TABLE `account_role_counts` (
	`role` text PRIMARY KEY NOT NULL,
	`n` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `course_listed_counts` (
	`category_id` integer NOT NULL,
	`difficulty_level` text NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`category_id`, `difficulty_level`)
);
--> statement-breakpoint
CREATE TABLE `lesson_task_counts` (
	`id` integer PRIMARY KEY NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	CONSTRAINT "lesson_task_counts_one_row_ck" CHECK("lesson_task_counts"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE `school_status_counts` (
	`status` integer PRIMARY KEY NOT NULL,
	`n` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `accounts_staff_id_idx` ON `accounts` (`id`) WHERE "accounts"."role" <> 'student';--> statement-breakpoint
INSERT INTO `account_role_counts` (`role`, `n`) SELECT `role`, count(*) FROM `accounts` WHERE `role` <> 'student' GROUP BY `role`;--> statement-breakpoint
INSERT INTO `course_listed_counts` (`category_id`, `difficulty_level`, `n`)
  SELECT `category_id`, `difficulty_level`, count(*) FROM `courses` WHERE `is_online` = 1 AND `deleted_at` IS NULL GROUP BY `category_id`, `difficulty_level`;--> statement-breakpoint
INSERT INTO `lesson_task_counts` (`id`, `n`) SELECT 1, count(*) FROM `lesson_tasks` HAVING count(*) > 0;--> statement-breakpoint
INSERT INTO `school_status_counts` (`status`, `n`) SELECT `status`, count(*) FROM `schools` GROUP BY `status`;--> statement-breakpoint
CREATE TRIGGER `accounts_count_insert` AFTER INSERT ON `accounts` WHEN NEW.`role` <> 'student' BEGIN
  INSERT INTO `account_role_counts` (`role`, `n`) VALUES (NEW.`role`, 1) ON CONFLICT DO UPDATE SET `n` = `n` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `accounts_count_update` AFTER UPDATE OF `role` ON `accounts` WHEN OLD.`role` <> NEW.`role` BEGIN
  UPDATE `account_role_counts` SET `n` = `n` - 1 WHERE `role` = OLD.`role`;
  INSERT INTO `account_role_counts` (`role`, `n`) SELECT NEW.`role`, 1 WHERE NEW.`role` <> 'student' ON CONFLICT DO UPDATE SET `n` = `n` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `accounts_count_delete` AFTER DELETE ON `accounts` WHEN OLD.`role` <> 'student' BEGIN
  UPDATE `account_role_counts` SET `n` = `n` - 1 WHERE `role` = OLD.`role`;
END;--> statement-breakpoint
CREATE TRIGGER `courses_listed_count_insert` AFTER INSERT ON `courses` WHEN NEW.`is_online` = 1 AND NEW.`deleted_at` IS NULL BEGIN
  INSERT INTO `course_listed_counts` (`category_id`, `difficulty_level`, `n`) VALUES (NEW.`category_id`, NEW.`difficulty_level`, 1)
    ON CONFLICT DO UPDATE SET `n` = `n` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `courses_listed_count_update` AFTER UPDATE OF `is_online`, `deleted_at`, `category_id`, `difficulty_level` ON `courses` BEGIN
  UPDATE `course_listed_counts` SET `n` = `n` - 1
    WHERE OLD.`is_online` = 1 AND OLD.`deleted_at` IS NULL AND `category_id` = OLD.`category_id` AND `difficulty_level` = OLD.`difficulty_level`;
  INSERT INTO `course_listed_counts` (`category_id`, `difficulty_level`, `n`)
    SELECT NEW.`category_id`, NEW.`difficulty_level`, 1 WHERE NEW.`is_online` = 1 AND NEW.`deleted_at` IS NULL
    ON CONFLICT DO UPDATE SET `n` = `n` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `courses_listed_count_delete` AFTER DELETE ON `courses` WHEN OLD.`is_online` = 1 AND OLD.`deleted_at` IS NULL BEGIN
  UPDATE `course_listed_counts` SET `n` = `n` - 1 WHERE `category_id` = OLD.`category_id` AND `difficulty_level` = OLD.`difficulty_level`;
END;--> statement-breakpoint
CREATE TRIGGER `lesson_tasks_count_insert` AFTER INSERT ON `lesson_tasks` BEGIN
  INSERT INTO `lesson_task_counts` (`id`, `n`) VALUES (1, 1) ON CONFLICT DO UPDATE SET `n` = `n` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `lesson_tasks_count_delete` AFTER DELETE ON `lesson_tasks` BEGIN
  UPDATE `lesson_task_counts` SET `n` = `n` - 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `schools_count_insert` AFTER INSERT ON `schools` BEGIN
  INSERT INTO `school_status_counts` (`status`, `n`) VALUES (NEW.`status`, 1) ON CONFLICT DO UPDATE SET `n` = `n` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `schools_count_update` AFTER UPDATE OF `status` ON `schools` WHEN OLD.`status` <> NEW.`status` BEGIN
  UPDATE `school_status_counts` SET `n` = `n` - 1 WHERE `status` = OLD.`status`;
  INSERT INTO `school_status_counts` (`status`, `n`) VALUES (NEW.`status`, 1) ON CONFLICT DO UPDATE SET `n` = `n` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `schools_count_delete` AFTER DELETE ON `schools` BEGIN
  UPDATE `school_status_counts` SET `n` = `n` - 1 WHERE `status` = OLD.`status`;
END;
