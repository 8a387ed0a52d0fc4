ALTER TABLE `community_groups` ADD `member_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `courses` ADD `enrolled_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `courses` ADD `rating_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `courses` ADD `rating_sum` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE `courses` SET
  `enrolled_count` = (SELECT count(*) FROM `course_enrollments` e WHERE e.`course_id` = `courses`.`id`),
  `rating_count` = (SELECT count(*) FROM `course_ratings` r WHERE r.`course_id` = `courses`.`id`),
  `rating_sum` = (SELECT coalesce(sum(r.`rating`), 0) FROM `course_ratings` r WHERE r.`course_id` = `courses`.`id`);--> statement-breakpoint
UPDATE `community_groups` SET `member_count` = (SELECT count(*) FROM `community_members` m WHERE m.`group_id` = `community_groups`.`id`);--> statement-breakpoint
CREATE TRIGGER `course_enrollments_count_insert` AFTER INSERT ON `course_enrollments` BEGIN
  UPDATE `courses` SET `enrolled_count` = `enrolled_count` + 1 WHERE `id` = NEW.`course_id`;
END;--> statement-breakpoint
CREATE TRIGGER `course_enrollments_count_delete` AFTER DELETE ON `course_enrollments` BEGIN
  UPDATE `courses` SET `enrolled_count` = `enrolled_count` - 1 WHERE `id` = OLD.`course_id`;
END;--> statement-breakpoint
CREATE TRIGGER `course_ratings_count_insert` AFTER INSERT ON `course_ratings` BEGIN
  UPDATE `courses` SET `rating_count` = `rating_count` + 1, `rating_sum` = `rating_sum` + NEW.`rating` WHERE `id` = NEW.`course_id`;
END;--> statement-breakpoint
CREATE TRIGGER `course_ratings_count_update` AFTER UPDATE OF `rating`, `course_id` ON `course_ratings` BEGIN
  UPDATE `courses` SET `rating_count` = `rating_count` - 1, `rating_sum` = `rating_sum` - OLD.`rating` WHERE `id` = OLD.`course_id`;
  UPDATE `courses` SET `rating_count` = `rating_count` + 1, `rating_sum` = `rating_sum` + NEW.`rating` WHERE `id` = NEW.`course_id`;
END;--> statement-breakpoint
CREATE TRIGGER `course_ratings_count_delete` AFTER DELETE ON `course_ratings` BEGIN
  UPDATE `courses` SET `rating_count` = `rating_count` - 1, `rating_sum` = `rating_sum` - OLD.`rating` WHERE `id` = OLD.`course_id`;
END;--> statement-breakpoint
CREATE TRIGGER `community_members_count_insert` AFTER INSERT ON `community_members` BEGIN
  UPDATE `community_groups` SET `member_count` = `member_count` + 1 WHERE `id` = NEW.`group_id`;
END;--> statement-breakpoint
CREATE TRIGGER `community_members_count_delete` AFTER DELETE ON `community_members` BEGIN
  UPDATE `community_groups` SET `member_count` = `member_count` - 1 WHERE `id` = OLD.`group_id`;
END;
