CREATE TABLE `material_type_counts` (
	`type` text PRIMARY KEY NOT NULL,
	`active` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
INSERT INTO `material_type_counts` (`type`, `active`)
  SELECT t.`type`, (SELECT count(*) FROM `materials` m WHERE m.`status` = 'active' AND m.`type` = t.`type`)
  FROM (SELECT 'video' AS `type` UNION ALL SELECT 'pdf') t;--> statement-breakpoint
CREATE TRIGGER `materials_count_insert` AFTER INSERT ON `materials` WHEN NEW.`status` = 'active' BEGIN
  UPDATE `material_type_counts` SET `active` = `active` + 1 WHERE `type` = NEW.`type`;
END;--> statement-breakpoint
CREATE TRIGGER `materials_count_update` AFTER UPDATE OF `status`, `type` ON `materials`
  WHEN (OLD.`status` = 'active') <> (NEW.`status` = 'active') OR (NEW.`status` = 'active' AND OLD.`type` <> NEW.`type`) BEGIN
  UPDATE `material_type_counts` SET `active` = `active` - 1 WHERE OLD.`status` = 'active' AND `type` = OLD.`type`;
  UPDATE `material_type_counts` SET `active` = `active` + 1 WHERE NEW.`status` = 'active' AND `type` = NEW.`type`;
END;--> statement-breakpoint
CREATE TRIGGER `materials_count_delete` AFTER DELETE ON `materials` WHEN OLD.`status` = 'active' BEGIN
  UPDATE `material_type_counts` SET `active` = `active` - 1 WHERE `type` = OLD.`type`;
END;
